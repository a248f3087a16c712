package org.nonid.backend.cpu;

/**
 * {@code out += column sums of x [rows, cols]} fed a block of rows at a time, in order, with the
 * values of {@code CpuBackend.sumRows} (accumulating) on the whole: the same pieces of rows, each
 * summed row by row from zero and added to out in order (or, with one piece, every row added to
 * out directly).
 */
final class BiasSweep {
    private final int rows;
    private final int pieces;
    private final float[] out;
    private final float[] partial;
    private int piece;
    private int done;

    BiasSweep(int rows, int cols, float[] out) {
        this.rows = rows;
        this.pieces = CpuBackend.reductionPieces(rows, (long) rows * cols);
        this.out = out;
        this.partial = pieces == 1 ? null : new float[cols];
    }

    /** Adds x's rows [0, count), which are the next rows of the whole. */
    void add(float[] x, int count) {
        int cols = out.length;
        if (partial == null) {
            Elementwise.sumRows(x, cols, out, true, 0, count);
            done += count;
            return;
        }
        int local = 0;
        while (local < count) {
            int pieceEnd = (int) ((long) rows * (piece + 1) / pieces);
            int take = Math.min(count - local, pieceEnd - done);
            Elementwise.sumRows(x, cols, partial, true, local, local + take);
            local += take;
            done += take;
            if (done == pieceEnd) {
                for (int c = 0; c < cols; c++) {
                    out[c] += partial[c];
                }
                java.util.Arrays.fill(partial, 0f);
                piece++;
            }
        }
    }
}
