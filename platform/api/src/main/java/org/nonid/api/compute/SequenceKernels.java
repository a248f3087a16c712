package org.nonid.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Kernels of the recurrent and state-space model families: gate activations, block copies,
 * block-diagonal products, the LSTM cell, RMSNorm, causal depthwise convolution, the selective scan and the xLSTM cells.
 * A backend implements them, or takes the host implementations of the platform's kernels bundle
 * ({@code org.nonid.kernels.HostSequenceKernels}: download, compute on the Java heap, upload) and
 * overrides the ones it can do faster. Conventions as {@link ComputeBackend}: backward kernels
 * accumulate into their gradient outputs.
 */
@ConsumerType
public interface SequenceKernels {

    /** A copy of a tensor's values on the host. */
    float[] download(Tensor tensor);

    /** Overwrites a tensor with host values of the same size. */
    void upload(float[] data, Tensor target);

    // ------------------------------------------------------------------ activations

    /** {@code out = 1 / (1 + exp(-x))}. */
    void sigmoid(Tensor x, Tensor out);

    /** {@code dx += dy * y * (1 - y)} for {@code y = sigmoid(x)}. */
    void sigmoidBackward(Tensor y, Tensor dy, Tensor dx);

    /** {@code out = tanh(x)}. */
    void tanh(Tensor x, Tensor out);

    /** {@code dx += dy * (1 - y^2)} for {@code y = tanh(x)}. */
    void tanhBackward(Tensor y, Tensor dy, Tensor dx);

    /** {@code out = exp(x)}. */
    void exp(Tensor x, Tensor out);

    /** {@code out = ln(1 + exp(x))}. */
    void softplus(Tensor x, Tensor out);

    /** {@code dx += dy * sigmoid(x)}, the backward of {@link #softplus}. */
    void softplusBackward(Tensor x, Tensor dy, Tensor dx);

    // ------------------------------------------------------------------ layout

    /**
     * Copies (or adds, with {@code accumulate}) a block of {@code rows x cols} values:
     * {@code dst[dstOffset + r * dstStride + c] (+)= src[srcOffset + r * srcStride + c]}. Column
     * slices, time steps of {@code [batch * time, width]} tensors and their inverses are blocks.
     */
    void copyBlock(Tensor src, int srcOffset, int srcStride, Tensor dst, int dstOffset, int dstStride,
                           int rows, int cols, boolean accumulate);

    /** {@code out[r, c] (+)= x[r, c] * v[c]}. */
    void multiplyRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out, boolean accumulate);

    // ------------------------------------------------------------------ RMSNorm

    /**
     * {@code out[r, :] = x[r, :] * rstd[r] * gamma} with {@code rstd[r] = 1 / sqrt(mean(x[r, :]^2) + eps)};
     * {@code rstd} is saved for the backward pass.
     */
    void rmsNorm(Tensor x, Tensor gamma, int rows, int cols, float eps, Tensor out, Tensor rstd);

    /** The backward of {@link #rmsNorm}: accumulates into {@code dx} and {@code dgamma}. */
    void rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd, int rows, int cols, Tensor dx,
                                 Tensor dgamma);

    // ------------------------------------------------------------------ causal convolution

    /**
     * Causal depthwise convolution along time of {@code x [batch * time, channels]}:
     * {@code out[b, t, c] = sum_j weight[j, c] * x[b, t - j, c]} over {@code j < kernel} and
     * {@code t - j >= 0}; {@code weight} is {@code [kernel, channels]}.
     */
    void causalConv(Tensor x, Tensor weight, int batch, int time, int channels, int kernel, Tensor out);

    /** The backward of {@link #causalConv}: accumulates into {@code dx} and {@code dweight}. */
    void causalConvBackward(Tensor x, Tensor weight, Tensor dout, int batch, int time, int channels, int kernel,
                                    Tensor dx, Tensor dweight);

    // ------------------------------------------------------------------ selective scan

    /**
     * The selective scan: per sequence and channel d, {@code h_t = exp(delta_t A[d]) h_(t-1) +
     * delta_t B_t u_t} and {@code y_t = C_t . h_t}, with u, delta, y {@code [rows, channels]},
     * B, C {@code [rows, state]} and A {@code [channels, state]}.
     *
     * @param states where every h_t is saved for the backward pass ({@link ScanShape#statesSize()}), or null
     * @param carry  the state before the first step, overwritten with the state after the last
     *               ({@link ScanShape#carrySize()}), or null to start from zero (decoding carries it)
     */
    void selectiveScan(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor states,
                               Tensor carry, Tensor y);

    /**
     * The backward of {@link #selectiveScan} from a zero initial state, given its saved states:
     * accumulates into {@code du, ddelta, da, db, dc}.
     */
    void selectiveScanBackward(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                       Tensor states, Tensor dy, Tensor du, Tensor ddelta, Tensor da, Tensor db,
                                       Tensor dc);

    // ------------------------------------------------------------------ xLSTM cells

    /** The size of the {@code states} tensor of {@link #mlstmScan}. */
    static long mlstmStatesSize(AttentionShape shape) {
        long perStep = (long) shape.headDim() * shape.headDim() + shape.headDim() + 1;
        return (long) shape.rows() * shape.heads() * perStep;
    }

    /** The size of a carried mLSTM state ({@link #mlstmScan}): C, n and the stabiliser per sequence and head. */
    static int mlstmCarrySize(AttentionShape shape) {
        return shape.batch() * shape.heads() * (shape.headDim() * shape.headDim() + shape.headDim() + 1);
    }

    /**
     * The mLSTM cell over whole sequences, per head: matrix memory
     * {@code C_t = f_t C_(t-1) + i_t v_t k_t^T}, normaliser {@code n_t = f_t n_(t-1) + i_t k_t},
     * output {@code h_t = C_t q_t / max(|n_t . q_t|, 1)}, with {@code f_t = sigmoid(fPre_t)} and
     * {@code i_t = exp(iPre_t)}, computed stabilised by the running maximum of the log gates (which
     * leaves h unchanged). q, k, v, h are {@code [rows, heads * headDim]} (head-major in a row),
     * iPre and fPre {@code [rows, heads]}.
     *
     * @param states what the backward pass needs ({@link #mlstmStatesSize}), or null
     * @param carry  the state before the first step, overwritten with the state after the last
     *               ({@link #mlstmCarrySize}; all zeros = nothing seen yet), or null to start empty
     */
    void mlstmScan(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre, Tensor states,
                           Tensor carry, Tensor h);

    /** The backward of {@link #mlstmScan}: accumulates into {@code dq, dk, dv, diPre, dfPre}. */
    void mlstmScanBackward(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                   Tensor states, Tensor dh, Tensor dq, Tensor dk, Tensor dv, Tensor diPre, Tensor dfPre);

    /**
     * {@code y = x W} for a block-diagonal W held compactly: {@code x [rows, blocks * in]},
     * {@code w [blocks * in, out]} (block b's {@code in x out} weights are its rows
     * {@code [b in, (b + 1) in)}), {@code y [rows, blocks * out]}, input block b feeding output block b
     * only.
     */
    void blockDiagonal(Tensor x, Tensor w, int rows, int blocks, int in, int out, Tensor y);

    /**
     * The backward of {@link #blockDiagonal}: accumulates {@code dy W^T} into {@code dx} and
     * {@code x^T dy} (per block) into {@code dw}; either may be null when it needs no gradient.
     */
    void blockDiagonalBackward(Tensor x, Tensor w, Tensor dy, int rows, int blocks, int in, int out, Tensor dx,
                                       Tensor dw);

    /**
     * One step of the LSTM cell: from pre-activations {@code gates [batch, 4 * hidden]} (i, f, g, o)
     * and the previous cell {@code cPrevious [batch, hidden]} (null at the first step: zeros),
     * {@code c = sigmoid(f) c_prev + sigmoid(i) tanh(g)} and {@code h = sigmoid(o) tanh(c)}. Writes
     * h and c, and the activations {@code [sigmoid(i) sigmoid(f) tanh(g) sigmoid(o) tanh(c)]} to
     * {@code saved [batch, 5 * hidden]} for {@link #lstmCellBackward}.
     */
    void lstmCell(Tensor gates, Tensor cPrevious, int batch, int hidden, Tensor h, Tensor c, Tensor saved);

    /**
     * The backward of {@link #lstmCell} given the gradients of its h and c (either null when it has
     * none): accumulates into {@code dGates} and, when there was a previous cell, into
     * {@code dcPrevious}.
     */
    void lstmCellBackward(Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc, int batch, int hidden,
                                  Tensor dGates, Tensor dcPrevious);

    /**
     * One step of the sLSTM cell with exponential input gate, per unit: from pre-activations
     * {@code raw [batch, 4 * hidden]} (i, f, z, o) and the previous {@code [y c n]}
     * ({@code previous [batch, 3 * hidden]}, null at the first step), {@code c = f c_prev + i tanh(z)},
     * {@code n = f n_prev + i}, {@code y = sigmoid(o) c / n} with {@code i = exp(i_raw - m)},
     * {@code f = exp(logsigmoid(f_raw) + m_prev - m)} and the stabiliser
     * {@code m = max(logsigmoid(f_raw) + m_prev, i_raw)} ({@code m = i_raw} at the first step).
     * Writes {@code [y c n]} to {@code out} and m to {@code m}.
     */
    void slstmCell(Tensor raw, Tensor previous, Tensor mPrevious, int batch, int hidden, Tensor out, Tensor m);

    /**
     * The backward of {@link #slstmCell} given the gradient of its {@code [y c n]} output: accumulates
     * into {@code draw} and, when there was a previous state, into the c and n columns of
     * {@code dprevious}. The stabiliser is a constant (the outputs do not depend on it).
     */
    void slstmCellBackward(Tensor raw, Tensor previous, Tensor mPrevious, Tensor m, Tensor out, Tensor dout,
                                   int batch, int hidden, Tensor draw, Tensor dprevious);
}
