package org.nonid.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Fused kernels of a feed-forward block that a backend may offer besides {@link ComputeBackend}:
 * the input projection, bias, ReLU and dropout in one pass over the hidden activations, and its
 * backward pass without a stored mask. The platform's graph uses them when the backend implements
 * this interface and composes the unfused kernels otherwise; both must give the same values to the
 * bit. They save the hidden layer's intermediate tensors (pre-activation, ReLU output, mask) and
 * the passes over them.
 */
@ConsumerType
public interface FeedForwardKernels {

    /**
     * {@code h = dropout(relu(x W + b))} with x {@code [rows, in]}, W {@code [in, out]}, b
     * {@code [out]} (null: no bias) and h {@code [rows, out]}, overwritten. The dropout is that of
     * {@link ComputeBackend#dropout} with rate p and seed (its mask, element by element); with
     * {@code p == 0} there is none and the seed is unused. The values equal {@code gemm} (beta 0),
     * {@code addRowVector}, {@code relu} and {@code dropout} run one after another.
     */
    void linearReluDropout(Tensor x, Tensor weight, Tensor bias, int rows, int in, int out, float p, long seed,
                           Tensor h);

    /**
     * The gradient at the pre-activation {@code x W + b} of {@link #linearReluDropout}, from its
     * output h and the gradient dh at h: {@code dx = dh * (1 / (1 - p))} where {@code h > 0}, else 0.
     * Unlike other backward kernels it overwrites dx (which may alias dh). Where a unit was dropped
     * the result is 0 whatever dh holds.
     */
    void reluDropoutBackward(Tensor h, Tensor dh, float p, Tensor dx);
}
