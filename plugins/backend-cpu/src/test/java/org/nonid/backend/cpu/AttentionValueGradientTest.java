package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;

/**
 * The backward pass of causal attention gives each value's gradient as the chain of fused
 * multiply-adds {@code dV[j, e] = sum_i p_i[j] dO_i[e]} over the query rows in order, to the bit:
 * the order in which row-by-row accumulation made it, whichever way the kernel loops.
 */
class AttentionValueGradientTest {
    @Test
    void valueGradientsAreTheRowOrderChains() {
        // heads of 8 (four features at a time), 2 (one at a time) and 6 (four, then two singly)
        for (int[] s : new int[][] {{3, 33, 4, 8}, {2, 40, 5, 2}, {2, 17, 2, 6}}) {
            check(new AttentionShape(s[0], s[1], s[2], s[3]));
        }
    }

    private static void check(AttentionShape shape) {
        int batch = shape.batch();
        int time = shape.time();
        int heads = shape.heads();
        int dh = shape.headDim();
        int model = shape.model();
        SplittableRandom r = new SplittableRandom(time * 31L + dh);
        CpuBackend backend = new CpuBackend(1);
        try {
            Tensor qkv = backend.upload(UniformValues.of(r, batch * time * 3 * model), batch * time * 3 * model);
            Tensor out = backend.zeros(batch * time * model);
            Tensor probs = backend.zeros(batch * heads * time * time);
            backend.causalAttention(qkv, shape, null, out, probs);
            float[] dOut = UniformValues.of(r, batch * time * model);
            Tensor dout = backend.upload(dOut, dOut.length);
            Tensor dqkv = backend.zeros(batch * time * 3 * model);
            backend.causalAttentionBackward(qkv, probs, dout, shape, dqkv);
            float[] p = backend.download(probs);
            float[] d = backend.download(dqkv);
            for (int b = 0; b < batch; b++) {
                for (int h = 0; h < heads; h++) {
                    int pair = b * heads + h;
                    for (int j = 0; j < time; j++) {
                        for (int e = 0; e < dh; e++) {
                            float chain = 0f;
                            for (int i = 0; i < time; i++) {
                                chain = Math.fma(p[(pair * time + i) * time + j], dOut[(b * time + i) * model + h * dh + e],
                                        chain);
                            }
                            assertEquals(chain, d[(b * time + j) * 3 * model + 2 * model + h * dh + e], 0f,
                                    shape + ": dV of key " + j + ", feature " + e + ", pair " + pair);
                        }
                    }
                }
            }
        } finally {
            backend.close();
        }
    }
}
