package org.nonid.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Kernels that do in one pass what several {@link ComputeBackend} kernels do one after another,
 * which a backend may offer besides them. The platform's graph uses them when the backend
 * implements this interface and composes the unfused kernels otherwise; both must give the same
 * values to the bit. They save the intermediate tensors and the passes over memory between the
 * kernels they replace.
 */
@ConsumerType
public interface FusedKernels {

    /**
     * The hidden layer of a feed-forward block: {@code h = dropout(relu(x W + b))} with x
     * {@code [rows, in]}, W {@code [in, hidden]}, b {@code [hidden]} (null: no bias) and h
     * {@code [rows, hidden]}, overwritten. The dropout is that of {@link ComputeBackend#dropout}
     * with rate p and seed (its mask, element by element); with {@code p == 0} there is none. The
     * values equal {@code gemm} (beta 0), {@code addRowVector}, {@code relu} and {@code dropout}.
     */
    void linearReluDropout(Tensor x, Tensor weight, Tensor bias, int rows, int in, int hidden, float p, long seed,
                           Tensor h);

    /**
     * The gradient at the pre-activation {@code x W + b} of {@link #linearReluDropout} whose output h
     * feeds a layer {@code h W2} (W2 {@code [hidden, out]}) with output gradient dOut
     * {@code [rows, out]}: {@code dPre = (dOut W2^T) * (1 / (1 - p))} where {@code h > 0}, else 0,
     * overwriting dPre {@code [rows, hidden]}. The values equal {@code gemm} (dOut times W2
     * transposed, beta 0), {@code multiplyAccumulate} with the dropout mask and {@code reluBackward},
     * each into zeros; where a unit was dropped the result is 0 whatever dOut holds.
     */
    void linearReluDropoutBackward(Tensor h, Tensor dOut, Tensor w2, int rows, int hidden, int out, float p,
                                   Tensor dPre);
}
