package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;

/**
 * Score gradients smaller than the smallest normal float are 0 in the backward pass of causal
 * attention: with values and output gradients of 1e-20 every score gradient is of the order of
 * 1e-40, so the queries' and keys' gradients are exactly 0, while the values' (of the order of
 * 1e-20) are not touched.
 */
class AttentionSubnormalGradientTest {
    private static final float TINY = 1e-20f;

    @Test
    void scoreGradientsBelowTheSmallestNormalFloatAreZero() {
        // heads of 8 (the paired layout) and of 6 (feature by feature)
        for (int[] s : new int[][] {{2, 33, 4, 8}, {2, 17, 2, 6}}) {
            check(new AttentionShape(s[0], s[1], s[2], s[3]));
        }
    }

    private static void check(AttentionShape shape) {
        int rows = shape.batch() * shape.time();
        int model = shape.model();
        SplittableRandom r = new SplittableRandom(shape.time() * 7L + shape.headDim());
        float[] qkv = UniformValues.of(r, rows * 3 * model);
        for (int row = 0; row < rows; row++) {
            for (int e = 2 * model; e < 3 * model; e++) {
                qkv[row * 3 * model + e] *= TINY;
            }
        }
        float[] dOut = UniformValues.of(r, rows * model);
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] *= TINY;
        }
        CpuBackend backend = new CpuBackend(1);
        try {
            Tensor q = backend.upload(qkv, qkv.length);
            Tensor probs = backend.zeros((int) shape.probabilitySize());
            backend.causalAttention(q, shape, null, backend.zeros(rows * model), probs);
            Tensor dqkv = backend.zeros(rows * 3 * model);
            backend.causalAttentionBackward(q, probs, backend.upload(dOut, dOut.length), shape, dqkv);
            float[] d = backend.download(dqkv);
            int valueGradients = 0;
            for (int row = 0; row < rows; row++) {
                for (int e = 0; e < 2 * model; e++) {
                    assertEquals(0f, d[row * 3 * model + e], 0f, shape + ": query or key gradient at row " + row
                            + ", column " + e);
                }
                for (int e = 2 * model; e < 3 * model; e++) {
                    float dv = Math.abs(d[row * 3 * model + e]);
                    assertTrue(dv == 0f || dv >= Float.MIN_NORMAL, shape + ": value gradient " + dv);
                    valueGradients += dv > 0f ? 1 : 0;
                }
            }
            assertTrue(valueGradients > rows * model / 2, shape + ": value gradients left " + valueGradients);
        } finally {
            backend.close();
        }
    }
}
