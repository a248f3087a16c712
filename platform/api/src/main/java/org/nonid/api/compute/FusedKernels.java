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
     * A feed-forward block {@code y = dropout(relu(x W1 + b1)) W2 + b2}, overwriting y. The biases
     * may be null (none). The dropout is that of {@link ComputeBackend#dropout} with rate p and
     * seed (its mask, element by element of the hidden layer); with {@code p == 0} there is none.
     * The values equal {@code gemm} (beta 0), {@code addRowVector}, {@code relu}, {@code dropout},
     * {@code gemm} (beta 0) and {@code addRowVector} run one after another. The hidden layer
     * {@code [rows, hidden]} is written into {@code kept} when that is not null (for the backward
     * pass); otherwise it need not exist in memory as a whole.
     */
    void feedForward(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, FeedForwardShape shape, float p,
                     long seed, Tensor y, Tensor kept);

    /**
     * The backward pass of {@link #feedForward} from the gradient dy at its output, with the hidden
     * layer it kept, or (kept null) making the hidden layer again from x. Accumulates into dW1, db1,
     * dW2 and db2; overwrites dx when {@code overwriteDx}, else accumulates into it. Any gradient may
     * be null (not wanted). The values equal the unfused kernels' backward passes: {@code gemm} for
     * the hidden gradient (beta 0), for dW2 and {@code sumRows} for db2; the dropout mask times it
     * into zeros ({@code multiplyAccumulate}); {@code reluBackward} into zeros; then {@code gemm} for
     * dx (beta 0 or 1), {@code gemm} for dW1 and {@code sumRows} for db1. One exception: where a
     * unit was dropped and dy brings an infinite or NaN gradient to it, the unfused kernels give
     * NaN (NaN times the mask's 0) and a fused backend may give 0.
     */
    void feedForwardBackward(Tensor x, Tensor w1, Tensor b1, Tensor w2, FeedForwardShape shape, float p, long seed,
                             Tensor kept, Tensor dy, Tensor dx, boolean overwriteDx, Tensor dW1, Tensor db1,
                             Tensor dW2, Tensor db2);

    /**
     * Accumulates into dqkv the gradient of {@link ComputeBackend#causalAttention} (called with the
     * same qkv, shape and keyPadding, which must not have changed), making the attention
     * probabilities again instead of reading saved ones, so that the forward pass need not save
     * them (probs null). The values equal {@link ComputeBackend#causalAttentionBackward} with the
     * saved probabilities.
     */
    void recomputingAttentionBackward(Tensor qkv, boolean[] keyPadding, Tensor dout, AttentionShape shape,
                                      Tensor dqkv);
}
