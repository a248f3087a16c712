package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;

/**
 * A decoding step's attention equals the training pass's row for the same position to the bit,
 * so greedy decoding completes prompts with the very log-probabilities the forward pass gives; and
 * it reads nothing of the cache but positions 0..position of its own sequence and head.
 */
class CachedAttentionExactnessTest {
    @Test
    void eachDecodingStepGivesTheForwardPassRowToTheBit() {
        // head widths of P2 (2) and the quickstart (8, the paired value cache); caches that end on
        // and off whole vectors
        int[][] cases = { // batch, time, heads, headDim, capacity
            {3, 37, 5, 2, 37}, {2, 33, 4, 8, 48}, {2, 33, 4, 8, 33}, {1, 21, 3, 8, 23}, {4, 17, 1, 3, 17},
            {1, 70, 2, 2, 73},
        };
        CpuBackend b = new CpuBackend(2);
        try {
            for (int[] c : cases) {
                AttentionShape s = new AttentionShape(c[0], c[1], c[2], c[3]);
                AttentionShape cacheShape = new AttentionShape(c[0], c[4], c[2], c[3]);
                SplittableRandom r = new SplittableRandom(c[1] * 7L + c[3]);
                int width = 3 * s.model();
                float[] qkv = new float[s.rows() * width];
                for (int i = 0; i < qkv.length; i++) {
                    qkv[i] = (float) (r.nextDouble() * 4 - 2);
                }
                Tensor all = b.upload(qkv, qkv.length);
                Tensor forward = b.empty(s.rows() * s.model());
                b.causalAttention(all, s, null, forward, null);
                float[] expected = b.download(forward);
                // caches holding NaN where nothing was written this time (a decoder's earlier use): never read
                float[] stale = new float[c[0] * c[2] * c[3] * c[4]];
                java.util.Arrays.fill(stale, Float.NaN);
                Tensor keys = b.upload(stale, stale.length);
                Tensor values = b.upload(stale, stale.length);
                for (int t = 0; t < s.time(); t++) {
                    float[] step = new float[s.batch() * width];
                    for (int seq = 0; seq < s.batch(); seq++) {
                        System.arraycopy(qkv, (seq * s.time() + t) * width, step, seq * width, width);
                    }
                    Tensor st = b.upload(step, step.length);
                    Tensor out = b.empty(s.batch() * s.model());
                    b.cachedAttention(st, keys, values, t, cacheShape, out);
                    float[] got = b.download(out);
                    for (int seq = 0; seq < s.batch(); seq++) {
                        for (int e = 0; e < s.model(); e++) {
                            assertEquals(expected[(seq * s.time() + t) * s.model() + e], got[seq * s.model() + e], 0f,
                                    s + ": sequence " + seq + " position " + t + " feature " + e);
                        }
                    }
                    b.release(st);
                    b.release(out);
                }
            }
        } finally {
            b.close();
        }
    }
}
