package org.nonid.backend.cpu;

import org.nonid.api.compute.FeedForwardShape;

/**
 * What {@link FeedForward}'s backward pass shares between threads: the row products it needs, the
 * gradients it sums (each null when not wanted), the outputs and the dropout's scale
 * {@code 1 / (1 - p)}. Decides which weight gradients
 * units of rows hold in whole chunks (summed by any thread, committed in order) and which are
 * streamed at commit time.
 */
record BackwardPlan(FeedForwardShape shape, RowProduct toHidden, RowProduct toInput, WeightGradientSweep gradW1,
                    WeightGradientSweep gradW2, BiasSweep gradB1, float[] kept, float[] dy, float[] dx,
                    boolean overwriteDx, float keepScale) {

    /** Rows per unit: whole chunks of dW1's sum (or a block of rows without dW1). */
    int unitRows(int blockRows) {
        return gradW1 != null ? gradW1.chunk() : gradW2 != null ? gradW2.chunk() : blockRows;
    }

    private boolean aligned(WeightGradientSweep sweep, int unit) {
        return sweep != null && unit % sweep.chunk() == 0;
    }

    UnitScratch scratch(int unit, int hiddenWidth) {
        return new UnitScratch(kept == null ? new float[unit * hiddenWidth] : null, new float[unit * hiddenWidth],
                partials(gradW1, unit), partials(gradW2, unit));
    }

    private float[][] partials(WeightGradientSweep sweep, int unit) {
        if (!aligned(sweep, unit)) {
            return null;
        }
        float[][] p = new float[unit / sweep.chunk()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = sweep.newPartial();
        }
        return p;
    }

    /**
     * The unit's chunk sums of the aligned weight gradients: dW1's from x and dPre, dW2's from the
     * hidden layer h (its rows from hRow) and dy.
     */
    void sumChunks(UnitScratch s, float[] x, float[] h, int hRow, int r0, int count) {
        if (s.partialsW1() != null) {
            sumByChunk(gradW1, s.partialsW1(), x, r0 * shape.in(), shape.in(), s.dPre(), 0, shape.hidden(), count);
        }
        if (s.partialsW2() != null) {
            sumByChunk(gradW2, s.partialsW2(), h, hRow * shape.hidden(), shape.hidden(), dy, r0 * shape.out(),
                    shape.out(), count);
        }
    }

    private static void sumByChunk(WeightGradientSweep sweep, float[][] partials, float[] a, int aOff, int aWidth,
                                   float[] b, int bOff, int bWidth, int count) {
        int chunk = sweep.chunk();
        for (int i = 0; i * chunk < count; i++) {
            int rows = Math.min(chunk, count - i * chunk);
            sweep.sumChunk(partials[i], a, aOff + i * chunk * aWidth, b, bOff + i * chunk * bWidth, rows);
        }
    }

    /** The unit's turn, in order: its chunk sums (dW1's always: units are its chunks), streamed dW2, the bias rows. */
    void commit(UnitScratch s, int r0, int count) {
        if (gradW1 != null) {
            commitChunks(gradW1, s.partialsW1(), count);
        }
        if (gradW2 != null) {
            if (s.partialsW2() != null) {
                commitChunks(gradW2, s.partialsW2(), count);
            } else {
                float[] h = kept == null ? s.hidden() : kept;
                gradW2.stream(h, kept == null ? 0 : r0 * shape.hidden(), dy, r0 * shape.out(), count);
            }
        }
        if (gradB1 != null) {
            gradB1.add(s.dPre(), count);
        }
    }

    private static void commitChunks(WeightGradientSweep sweep, float[][] partials, int count) {
        int chunks = (count + sweep.chunk() - 1) / sweep.chunk();
        for (int i = 0; i < chunks; i++) {
            sweep.commit(partials[i]);
        }
    }

    void finish() {
        if (gradW1 != null) {
            gradW1.finish();
        }
        if (gradW2 != null) {
            gradW2.finish();
        }
    }
}
