package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;

/**
 * Each attention output {@code out_i[e] = sum_j p_i[j] v_j[e]} and each query gradient
 * {@code dQ_i[e] = sum_j ds_i[j] k_j[e]} is, to the bit, the sum that one vector accumulator per
 * feature makes: a chain of fused multiply-adds per lane over whole vectors of keys, then the lanes'
 * pairwise tree ({@link VectorMath#sumLanes}); and the score gradients
 * {@code ds_i = scale p_i (dP_i - p_i . dP_i)} have their chains too. Heads of 8 sum in the paired
 * layout, heads of 2 feature by feature: both must give these sums, which fix the trained models'
 * bits.
 */
class AttentionRowSumOrderTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void outputsAndQueryGradientsAreTheLaneChainsSummedByTheTree() {
        for (int[] s : new int[][] {{3, 33, 4, 8}, {2, 40, 3, 8}, {2, 21, 5, 2}}) {
            check(new AttentionShape(s[0], s[1], s[2], s[3]));
        }
    }

    private static void check(AttentionShape shape) {
        int time = shape.time();
        int dh = shape.headDim();
        int model = shape.model();
        int rows = shape.batch() * time;
        SplittableRandom r = new SplittableRandom(time * 17L + dh);
        CpuBackend backend = new CpuBackend(2);
        try {
            float[] qkv = UniformValues.of(r, rows * 3 * model);
            float[] dOut = UniformValues.of(r, rows * model);
            Tensor q = backend.upload(qkv, qkv.length);
            Tensor out = backend.zeros(rows * model);
            Tensor probs = backend.zeros(shape.batch() * shape.heads() * time * time);
            backend.causalAttention(q, shape, null, out, probs);
            Tensor dqkv = backend.zeros(rows * 3 * model);
            backend.causalAttentionBackward(q, probs, backend.upload(dOut, dOut.length), shape, dqkv);
            float[] o = backend.download(out);
            float[] p = backend.download(probs);
            float[] d = backend.download(dqkv);
            float scale = (float) (1.0 / Math.sqrt(dh));
            for (int b = 0; b < shape.batch(); b++) {
                for (int h = 0; h < shape.heads(); h++) {
                    int pair = b * shape.heads() + h;
                    for (int i = 0; i < time; i++) {
                        int nv = Attention.roundUp(i + 1);
                        float[] pi = new float[nv];
                        float[] ds = new float[nv];
                        for (int j = 0; j < nv; j++) {
                            pi[j] = j < time ? p[(pair * time + i) * time + j] : 0f;
                            float dp = 0f;
                            for (int e = 0; e < dh; e++) {
                                dp = Math.fma(feature(qkv, shape, b, j, 2 * model + h * dh + e),
                                        dOut[(b * time + i) * model + h * dh + e], dp);
                            }
                            ds[j] = dp;
                        }
                        float rowDot = treeOfChains(pi, ds);
                        for (int j = 0; j < nv; j++) {
                            ds[j] = pi[j] * (ds[j] - rowDot) * scale;
                        }
                        for (int e = 0; e < dh; e++) {
                            float[] values = new float[nv];
                            float[] keys = new float[nv];
                            for (int j = 0; j < nv; j++) {
                                values[j] = feature(qkv, shape, b, j, 2 * model + h * dh + e);
                                keys[j] = feature(qkv, shape, b, j, model + h * dh + e);
                            }
                            String at = shape + ": pair " + pair + ", row " + i + ", feature " + e;
                            assertEquals(treeOfChains(pi, values), o[(b * time + i) * model + h * dh + e], 0f,
                                    "output of " + at);
                            assertEquals(0f + treeOfChains(ds, keys), d[(b * time + i) * 3 * model + h * dh + e], 0f,
                                    "query gradient of " + at);
                        }
                    }
                }
            }
        } finally {
            backend.close();
        }
    }

    /** Feature {@code column} of sequence b's position j, 0 past the sequence's end. */
    private static float feature(float[] qkv, AttentionShape shape, int b, int j, int column) {
        return j < shape.time() ? qkv[(b * shape.time() + j) * 3 * shape.model() + column] : 0f;
    }

    /** sum_j w[j] x[j] as a chain per lane over whole vectors, then the lanes' pairwise tree. */
    private static float treeOfChains(float[] w, float[] x) {
        float[] lanes = new float[L];
        for (int j = 0; j < w.length; j++) {
            lanes[j % L] = Math.fma(w[j], x[j], lanes[j % L]);
        }
        return ScalarLaneTree.sum(lanes, 0, L);
    }
}
