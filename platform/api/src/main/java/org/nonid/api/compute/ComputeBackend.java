package org.nonid.api.compute;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The tensor kernels that every model runs on, with their backward passes. Registered as a service
 * with the property {@code nonid.name} (e.g. {@code cpu}, {@code nd4j}).
 *
 * <p>Conventions: tensors are float32, row-major. A kernel that takes {@code rows, cols} reads its
 * tensors as matrices of that size. Unless a method says it accumulates, it overwrites its output.
 * Backward kernels accumulate ({@code +=}) into their gradient outputs, so that gradients from
 * several uses of a value add up. Outputs may alias inputs only where a method says so. Integer
 * inputs (token ids, targets) and masks are host arrays. The kernels of the recurrent and
 * state-space families are in {@link SequenceKernels}, with host implementations.
 */
@ConsumerType
public interface ComputeBackend extends SequenceKernels {

    /** The name users select it by, e.g. {@code cpu}. Equal to the service property {@code nonid.name}. */
    String name();

    /**
     * Whether the backend can run here, and if not, why. The first call may load native code
     * (seconds); later calls are cheap.
     */
    Availability availability();

    /** The availability if it is already known, without loading anything. */
    default java.util.Optional<Availability> availabilityIfKnown() {
        return java.util.Optional.of(availability());
    }

    /** Facts for listings: threads, BLAS, vector width, memory, device. */
    Map<String, String> facts();

    // ------------------------------------------------------------------ memory

    /** A tensor of zeros. */
    Tensor zeros(int... shape);

    /** A tensor whose contents are undefined until written. */
    Tensor empty(int... shape);

    /** A tensor holding a copy of {@code data} (whose length must equal the shape's size). */
    Tensor upload(float[] data, int... shape);

    /** Overwrites {@code target} with {@code data}. */
    void upload(float[] data, Tensor target);

    /** A host copy of the tensor's contents. */
    float[] download(Tensor tensor);

    /** Copies {@code source} into {@code target} (same size). */
    void copy(Tensor source, Tensor target);

    /** Sets every element to {@code value}. */
    void fill(Tensor tensor, float value);

    /** Gives the memory back; the tensor must not be used afterwards. Releasing twice is an error. */
    void release(Tensor tensor);

    // ------------------------------------------------------------------ linear algebra

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} of size m x k and {@code op(B)}
     * of size k x n. A is stored [m, k], or [k, m] if {@code transA}; B is stored [k, n], or [n, k] if
     * {@code transB}; C is [m, n]. With {@code beta == 0} the old contents of C are ignored.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /**
     * {@link #gemm} on blocks of A, B and C that start {@code aOffset}, {@code bOffset} and {@code cOffset}
     * elements into their tensors, each block laid out as gemm's operand (a time step's rows of a sequence
     * stored step after step, say): the same values as gemm on copies of the blocks, to the bit. By default
     * gemm on such copies; a backend that can reads and writes the blocks where they are.
     */
    default void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int aOffset,
                      Tensor b, int bOffset, float beta, Tensor c, int cOffset) {
        Tensor aBlock = block(a, aOffset, m * k);
        Tensor bBlock = block(b, bOffset, k * n);
        Tensor cBlock = beta == 0f ? empty(m * n) : block(c, cOffset, m * n);
        try {
            gemm(transA, transB, m, n, k, alpha, aBlock, bBlock, beta, cBlock);
            copyBlock(cBlock, 0, m * n, c, cOffset, m * n, 1, m * n, false);
        } finally {
            release(aBlock);
            release(bBlock);
            release(cBlock);
        }
    }

    /** A new tensor holding {@code size} elements of x from {@code offset} (for the default block gemm). */
    private Tensor block(Tensor x, int offset, int size) {
        if (offset < 0 || (long) offset + size > x.size()) {
            throw new IllegalArgumentException("block of " + size + " elements at " + offset + " in a tensor of "
                    + x.size());
        }
        Tensor copy = empty(size);
        copyBlock(x, offset, size, copy, 0, size, 1, size, false);
        return copy;
    }

    /** {@code count} independent {@link #gemm}s over consecutive blocks of A, B and C. */
    void batchedGemm(int count, boolean transA, boolean transB, int m, int n, int k,
                     float alpha, Tensor a, Tensor b, float beta, Tensor c);

    // ------------------------------------------------------------------ element-wise

    /** {@code out = a + b}; {@code out} may alias {@code a} or {@code b}. */
    void add(Tensor a, Tensor b, Tensor out);

    /** {@code y += alpha * x}. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** {@code out = a * b} element-wise; {@code out} may alias {@code a} or {@code b}. */
    void multiply(Tensor a, Tensor b, Tensor out);

    /** {@code out += a * b} element-wise. */
    void multiplyAccumulate(Tensor a, Tensor b, Tensor out);

    /** {@code x *= alpha}. */
    void scale(Tensor x, float alpha);

    /** {@code out = alpha * x} (same size), each element as {@link #scale(Tensor, float)} forms it; {@code out} may be x. */
    default void scale(Tensor x, float alpha, Tensor out) {
        if (out != x) {
            copy(x, out);
        }
        scale(out, alpha);
    }

    /**
     * SiLU, {@code out = x * sigmoid(x)}: writes {@code sigmoid} (kept for {@link #siluBackward}) and
     * {@code out}, each element as {@link #sigmoid} and then {@link #multiply} form it.
     */
    default void silu(Tensor x, Tensor sigmoid, Tensor out) {
        sigmoid(x, sigmoid);
        multiply(x, sigmoid, out);
    }

    /**
     * The backward pass of {@link #silu}: {@code dx = dy * s} ({@code dx += dy * s} as
     * {@link #multiplyAccumulate} forms it, if {@code accumulate}), then
     * {@code dx += (dy * x) * s * (1 - s)} as {@link #sigmoidBackward} forms it, for s the sigmoid
     * that {@code silu} wrote.
     */
    default void siluBackward(Tensor x, Tensor sigmoid, Tensor dy, Tensor dx, boolean accumulate) {
        if (accumulate) {
            multiplyAccumulate(dy, sigmoid, dx);
        } else {
            multiply(dy, sigmoid, dx);
        }
        Tensor ds = empty(x.shape());
        try {
            multiply(dy, x, ds);
            sigmoidBackward(sigmoid, ds, dx);
        } finally {
            release(ds);
        }
    }

    /**
     * Step t of an LSTM layer over whole sequences: {@link #lstmCell} of the pre-activations
     * {@code product + (projected's step t + bias)}, each sum as {@link #addRowVector} and
     * {@link #copyBlock} accumulating form it: the layer's input projection without its bias
     * ({@code [batch * time, 4 * hidden]}, rows {@code b * time + t}), its bias ({@code [4 * hidden]},
     * or null: none) and the recurrent product {@code h_(t-1) R [batch, 4 * hidden]} (null at the
     * first step). Writes h, c and saved as {@code lstmCell} does, and h also to {@code out}'s step t
     * ({@code [batch * time, hidden]}). The product may be overwritten.
     */
    default void lstmSequenceStep(LstmShape shape, int t, Tensor product, Tensor projected, Tensor bias,
                                  Tensor cPrevious, Tensor h, Tensor c, Tensor saved, Tensor out) {
        int batch = shape.batch();
        int width = shape.gates();
        Tensor step = null;
        Tensor gates = product;
        try {
            if (bias != null || product == null) {
                step = empty(batch * width);
                copyBlock(projected, t * width, shape.time() * width, step, 0, width, batch, width, false);
                if (bias != null) {
                    addRowVector(step, batch, width, bias);
                }
                if (product == null) {
                    gates = step;
                } else {
                    copyBlock(step, 0, width, product, 0, width, batch, width, true);
                }
            } else {
                copyBlock(projected, t * width, shape.time() * width, product, 0, width, batch, width, true);
            }
            lstmCell(gates, cPrevious, batch, shape.hidden(), h, c, saved);
            copyBlock(h, 0, shape.hidden(), out, t * shape.hidden(), shape.time() * shape.hidden(), batch,
                    shape.hidden(), false);
        } finally {
            if (step != null) {
                release(step);
            }
        }
    }

    /**
     * The backward of {@link #lstmSequenceStep}: {@link #lstmCellBackward} into zeros, given the
     * gradients of step t's h and c (dc null at the last step): writes (does not accumulate) the
     * pre-activations' gradient {@code dGates [batch, 4 * hidden]} and {@code dcPrevious} (null at
     * the first step); copies dGates into (or with {@code accumulateProjected} adds it to)
     * {@code dProjected}'s step t, unless dProjected is null; and, unless it is null, overwrites
     * {@code dhPrevious} (not dh) with step t-1 of the layer's output gradient
     * {@code dOut [batch * time, hidden]}, to which the caller then adds what reaches h_(t-1)
     * through step t's recurrent product.
     */
    default void lstmSequenceStepBackward(LstmShape shape, int t, Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc,
                                          Tensor dGates, Tensor dcPrevious, Tensor dProjected,
                                          boolean accumulateProjected, Tensor dOut, Tensor dhPrevious) {
        int batch = shape.batch();
        int hidden = shape.hidden();
        int width = shape.gates();
        fill(dGates, 0f);
        if (dcPrevious != null) {
            fill(dcPrevious, 0f);
        }
        lstmCellBackward(saved, cPrevious, dh, dc, batch, hidden, dGates, dcPrevious);
        if (dProjected != null) {
            copyBlock(dGates, 0, width, dProjected, t * width, shape.time() * width, batch, width, accumulateProjected);
        }
        if (dhPrevious != null) {
            copyBlock(dOut, (t - 1) * hidden, shape.time() * hidden, dhPrevious, 0, hidden, batch, hidden, false);
        }
    }

    /** {@code x[r, c] += v[c]} for a matrix x of size rows x cols. */
    void addRowVector(Tensor x, int rows, int cols, Tensor v);

    /**
     * {@code out[r, c] = x[r, c] + v[c]}, each element as {@link #addRowVector(Tensor, int, int, Tensor)}
     * forms it; {@code out} may be x.
     */
    default void addRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out) {
        if (out != x) {
            copy(x, out);
        }
        addRowVector(out, rows, cols, v);
    }

    /** {@code out[c] = sum_r x[r, c]}, or {@code +=} if {@code accumulate}. */
    void sumRows(Tensor x, int rows, int cols, Tensor out, boolean accumulate);

    /** {@code out = max(x, 0)}; {@code out} may alias {@code x}. */
    void relu(Tensor x, Tensor out);

    /** {@code dx += dy * (y > 0)}, where {@code y} is the ReLU's output. */
    void reluBackward(Tensor y, Tensor dy, Tensor dx);

    // ------------------------------------------------------------------ normalisation

    /** Row-wise softmax of a rows x cols matrix. */
    void softmaxRows(Tensor x, int rows, int cols, Tensor out);

    /** {@code dx += y * (dy - sum(dy * y))} row-wise, where {@code y} is the softmax output. */
    void softmaxRowsBackward(Tensor y, Tensor dy, int rows, int cols, Tensor dx);

    /** Row-wise log-softmax of a rows x cols matrix. */
    void logSoftmaxRows(Tensor x, int rows, int cols, Tensor out);

    /**
     * Layer normalisation of each row: {@code out = (x - mean) * rstd * gamma + beta}, with
     * {@code rstd = 1 / sqrt(var + eps)} and the biased variance. Saves {@code mean} and
     * {@code rstd} (each of size rows) for the backward pass.
     */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, int rows, int cols, float eps,
                   Tensor out, Tensor mean, Tensor rstd);

    /** Accumulates the gradients of {@link #layerNorm} into dx, dgamma and dbeta. */
    void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int rows, int cols,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    // ------------------------------------------------------------------ embedding

    /** {@code out[i, :] = scale * table[ids[i], :]}; rows of width {@code cols}. */
    void embedding(Tensor table, int[] ids, int cols, float scale, Tensor out);

    /** {@code dtable[ids[i], :] += scale * dout[i, :]}. */
    void embeddingBackward(Tensor dout, int[] ids, int cols, float scale, Tensor dtable);

    // ------------------------------------------------------------------ loss

    /**
     * Weighted token cross-entropy of logits (rows x cols):
     * {@code sum_i w_i * -log softmax(logits_i)[targets_i]}, with all weights 1 when
     * {@code weights} is null. If {@code dlogits} is not null it is overwritten with the gradient
     * {@code w_i * (softmax(logits_i) - onehot(targets_i))}.
     *
     * @return the weighted sum (not the mean)
     */
    double crossEntropy(Tensor logits, int rows, int cols, int[] targets, float[] weights, Tensor dlogits);

    // ------------------------------------------------------------------ attention

    /**
     * Multi-head causal self-attention with scale {@code 1/sqrt(headDim)}: position t attends to
     * positions {@code <= t} of its own sequence, except keys flagged in {@code keyPadding}
     * (length batch * time, may be null). Writes {@code out}; saves the probabilities into
     * {@code probs} when it is not null (needed by the backward pass).
     */
    void causalAttention(Tensor qkv, AttentionShape shape, boolean[] keyPadding, Tensor out, Tensor probs);

    /** Accumulates into {@code dqkv} the gradient of {@link #causalAttention}. */
    void causalAttentionBackward(Tensor qkv, Tensor probs, Tensor dout, AttentionShape shape, Tensor dqkv);

    /**
     * One decoding step with a key/value cache. {@code qkv} is [batch, 3 * model] for the newest
     * position of each sequence; its key and value are written into the caches at
     * {@code position}, then the query attends to cached positions 0..position. Writes {@code out}
     * [batch, model]. Each cache holds batch * heads * shape.time() * headDim elements in a layout
     * private to the backend; make them with {@link #zeros}.
     */
    void cachedAttention(Tensor qkv, Tensor keyCache, Tensor valueCache, int position, AttentionShape shape,
                         Tensor out);

    // ------------------------------------------------------------------ regularisation

    /**
     * Inverted dropout: {@code mask[i] = 1/(1-p)} if {@code Seeds.uniform(seed, i) >= p}, else 0;
     * {@code out = x * mask}. The same seed gives the same mask on every backend.
     */
    void dropout(Tensor x, float p, long seed, Tensor out, Tensor mask);

    // ------------------------------------------------------------------ optimisers

    /** One AdamW update of {@code param} from {@code grad}, updating the moments m and v in place. */
    void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWStep step);

    /**
     * One SGD update as PyTorch does it: {@code g = grad + weightDecay * param}; with momentum,
     * {@code velocity = momentum * velocity + g} and {@code g = velocity}; {@code param -= lr * g}.
     * {@code velocity} may be null when momentum is 0.
     */
    void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay);

    /** The sum of the squares of the elements, in double precision. */
    double sumOfSquares(Tensor tensor);
}
