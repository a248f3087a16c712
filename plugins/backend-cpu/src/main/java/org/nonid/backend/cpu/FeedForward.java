package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A feed-forward block's input projection with bias, ReLU and dropout applied to each block of
 * rows while it is still in cache, and its backward without a stored mask (see
 * {@link org.nonid.api.compute.FusedKernels}). Each value is computed with the same
 * operations, in the same order, as the unfused kernels.
 */
final class FeedForward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int BLOCK_FLOATS = 1 << 15;

    private FeedForward() {
    }

    /** h = dropout(relu(x W + b)) for rows [rowFrom, rowTo), W given by its row product. */
    static void forward(RowProduct w, float[] x, float[] bias, float p, long seed, float[] h, int rowFrom, int rowTo) {
        int block = blockRows(w);
        DropoutMask mask = p > 0f ? new DropoutMask(p, seed) : null;
        for (int r0 = rowFrom; r0 < rowTo; r0 += block) {
            int r1 = Math.min(rowTo, r0 + block);
            w.rows(x, h, r0, r1);
            epilogue(h, bias, w.columns(), mask, r0, r1);
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

    /** dPre = (dOut W2^T) * keep where h > 0, else 0, for rows [rowFrom, rowTo); W2^T given by its row product. */
    static void backward(RowProduct w2t, float[] h, float[] dOut, float keep, float[] dPre, int rowFrom, int rowTo) {
        int cols = w2t.columns();
        int block = blockRows(w2t);
        for (int r0 = rowFrom; r0 < rowTo; r0 += block) {
            int r1 = Math.min(rowTo, r0 + block);
            w2t.rows(dOut, dPre, r0, r1);
            mask(h, dPre, keep, r0 * cols, r1 * cols);
        }
    }

    /** Rows per block: a block of the hidden layer (rows x columns) stays within about 128 KiB. */
    private static int blockRows(RowProduct product) {
        return Math.max(1, BLOCK_FLOATS / Math.max(1, product.columns()));
    }

    /** g = g * keep where h > 0, else 0, over [from, to). */
    private static void mask(float[] h, float[] g, float keep, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            // The zero added turns -0 into +0, as the unfused kernels' accumulation into zeros does.
            FloatVector v = FloatVector.fromArray(S, g, i).mul(keep).add(zero);
            zero.blend(v, FloatVector.fromArray(S, h, i).compare(VectorOperators.GT, 0f)).intoArray(g, i);
        }
        for (; i < to; i++) {
            g[i] = h[i] > 0f ? 0f + g[i] * keep : 0f;
        }
    }
}
