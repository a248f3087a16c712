package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A feed-forward block's input projection with bias, ReLU and dropout applied to each block of
 * rows while it is still in cache, and its backward without a stored mask (see
 * {@link org.nonid.api.compute.FeedForwardKernels}). Each value is computed with the same
 * operations, in the same order, as the unfused kernels.
 */
final class FeedForward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows per block: the block of h (rows x out floats) stays within about 128 KiB. */
    private static final int BLOCK_FLOATS = 1 << 15;

    private FeedForward() {
    }

    /** h = dropout(relu(x W + b)) for rows [rowFrom, rowTo); {@code wt} from {@link Gemm#transposedForDot}. */
    static void forward(float[] x, float[] w, float[] wt, float[] bias, int in, int out, float p, long seed, float[] h,
                        int rowFrom, int rowTo) {
        int block = Math.max(1, BLOCK_FLOATS / Math.max(1, out));
        DropoutMask mask = p > 0f ? new DropoutMask(p, seed) : null;
        for (int r0 = rowFrom; r0 < rowTo; r0 += block) {
            int r1 = Math.min(rowTo, r0 + block);
            Gemm.productRows(out, in, x, w, wt, h, r0, r1);
            epilogue(h, bias, out, mask, r0, r1);
        }
    }

    /** h[r, :] = mask * max(h[r, :] + bias, 0) for rows [r0, r1). */
    private static void epilogue(float[] h, float[] bias, int cols, DropoutMask mask, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int base = r * cols;
            int c = 0;
            if (mask == null || DropoutMask.VECTORISED) {
                for (; c + L <= cols; c += L) {
                    FloatVector v = FloatVector.fromArray(S, h, base + c);
                    if (bias != null) {
                        v = v.add(FloatVector.fromArray(S, bias, c));
                    }
                    v = v.max(0f);
                    if (mask != null) {
                        v = v.mul(mask.at(base + c));
                    }
                    v.intoArray(h, base + c);
                }
            }
            for (; c < cols; c++) {
                float v = h[base + c];
                if (bias != null) {
                    v += bias[c];
                }
                v = Math.max(v, 0f);
                if (mask != null) {
                    v *= mask.scalarAt(base + c);
                }
                h[base + c] = v;
            }
        }
    }

    /** dx = dh * keep where h > 0, else 0, over [from, to); dx may alias dh. */
    static void backward(float[] h, float[] dh, float keep, float[] dx, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            // The zero added turns -0 into +0, as the unfused kernels' accumulation into zeros does.
            FloatVector g = FloatVector.fromArray(S, dh, i).mul(keep).add(zero);
            zero.blend(g, FloatVector.fromArray(S, h, i).compare(VectorOperators.GT, 0f)).intoArray(dx, i);
        }
        for (; i < to; i++) {
            dx[i] = h[i] > 0f ? 0f + dh[i] * keep : 0f;
        }
    }
}
