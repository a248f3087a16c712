package org.nonid.kernels.host;

import org.nonid.api.compute.AttentionShape;

/**
 * The two inner steps of the mLSTM scans of {@link XlstmCells}: the host's plain loops
 * ({@link XlstmCells#SCALAR_STEPS}), or a backend's own with the same values to the bit. A carried
 * state is {@code [C n m]} per sequence and head: C {@code headDim x headDim} row-major, n
 * {@code headDim}, the stabiliser m.
 */
public interface MlstmSteps {
    /**
     * One step for (row, head): {@code st = [C n m]} advances in place; h's part of the row is
     * written unless h is null.
     */
    void step(AttentionShape s, int row, int head, float[] q, float[] k, float[] v, float[] iPre, float[] fPre,
              float[] st, float[] h);

    /**
     * One backward step for (row, head) from the state after it ({@code saved} at {@code savedAt})
     * and, when {@code hasBefore}, the state before it: accumulates into dq, dk, dv, di, df and
     * carries C's and n's gradients in {@code g} to the step before.
     */
    void backStep(AttentionShape s, int row, int head, boolean hasBefore, float[] q, float[] k, float[] v,
                  float[] iPre, float[] fPre, float[] saved, int savedAt, float[] before, int beforeAt, float[] dhOut,
                  float[] dq, float[] dk, float[] dv, float[] di, float[] df, Carried g);

    /** The gradients of C and n carried backward through time, and two head-wide vectors of scratch. */
    final class Carried {
        /** dL/dC, {@code headDim x headDim}. */
        public final float[] gc;
        /** dL/dn. */
        public final float[] gn;
        /** Scratch: the step's output before the gradient. */
        public final float[] hv;
        /** Scratch: the output's gradient over the normaliser. */
        public final float[] dnum;

        public Carried(int headDim) {
            gc = new float[headDim * headDim];
            gn = new float[headDim];
            hv = new float[headDim];
            dnum = new float[headDim];
        }

        /** Zeroes the carried gradients (a new sequence). */
        public void clear() {
            java.util.Arrays.fill(gc, 0f);
            java.util.Arrays.fill(gn, 0f);
        }
    }
}
