package org.nonid.backend.cpu;

import org.nonid.kernels.host.XlstmCells;

/**
 * The sLSTM cell ({@link XlstmCells#slstmCell}, {@link XlstmCells#slstmCellBackward}) for sequences
 * [from, to), its gates' exp, tanh, sigmoid and log(sigmoid) over all those sequences' units at
 * once in vector lanes ({@link CellFunctions}, {@link RoundedSigmoid}), each equal to the host's
 * scalar function; the rest is the host's own arithmetic per unit ({@link XlstmCells#slstmUnit},
 * {@link XlstmCells#slstmUnitBackward}), so every value is the host's to the bit.
 * {@code scratch} holds {@link #SCRATCH_ROWS} arrays of batch * hidden floats, of which the
 * sequences [from, to) use their own rows.
 */
final class SlstmCellKernels {
    static final int SCRATCH_ROWS = 5;

    private SlstmCellKernels() {
    }

    /** Gate {@code gate} of sequences [from, to) of raw into scratch array {@code into}, then f of it there. */
    private static void gate(RoundedLaneFunction f, float[] raw, int gate, float[] scratch, int into, int batch,
                             int hidden, int from, int to) {
        int at = (into * batch + from) * hidden;
        for (int b = from; b < to; b++) {
            System.arraycopy(raw, (b * 4 + gate) * hidden, scratch, at + (b - from) * hidden, hidden);
        }
        f.apply(scratch, scratch, at, at + (to - from) * hidden);
    }

    static void forward(float[] raw, float[] previous, float[] mPrevious, int batch, int hidden, float[] out, float[] m,
                        float[] scratch, int from, int to) {
        int bh = batch * hidden;
        int lf = 0;
        int z = bh;
        int og = 2 * bh;
        int ip = 3 * bh;
        int fp = 4 * bh;
        gate(CellFunctions.LOG_SIGMOID, raw, 1, scratch, 0, batch, hidden, from, to);
        gate(CellFunctions.TANH, raw, 2, scratch, 1, batch, hidden, from, to);
        gate(RoundedSigmoid.SIGMOID, raw, 3, scratch, 2, batch, hidden, from, to);
        for (int b = from; b < to; b++) {
            int r = b * 4 * hidden;
            for (int u = 0; u < hidden; u++) {
                int s = b * hidden + u;
                float ig = raw[r + u];
                float mu = previous == null ? ig : Math.max(scratch[lf + s] + mPrevious[s], ig);
                m[s] = mu;
                scratch[ip + s] = ig - mu;
                scratch[fp + s] = previous == null ? 0f : scratch[lf + s] + mPrevious[s] - mu;
            }
        }
        CellFunctions.EXP.apply(scratch, scratch, ip + from * hidden, ip + to * hidden);
        if (previous != null) {
            CellFunctions.EXP.apply(scratch, scratch, fp + from * hidden, fp + to * hidden);
        }
        for (int b = from; b < to; b++) {
            for (int u = 0; u < hidden; u++) {
                int s = b * hidden + u;
                XlstmCells.slstmUnit(scratch[ip + s], scratch[z + s], scratch[og + s], scratch[fp + s], previous, hidden,
                        b, u, out);
            }
        }
    }

    static void backward(float[] raw, float[] previous, float[] mPrevious, float[] m, float[] out, float[] dout,
                         int batch, int hidden, float[] draw, float[] dprevious, float[] scratch, int from, int to) {
        int bh = batch * hidden;
        int z = 0;
        int og = bh;
        int ip = 2 * bh;
        int fp = 3 * bh;
        int sf = 4 * bh;
        gate(CellFunctions.TANH, raw, 2, scratch, 0, batch, hidden, from, to);
        gate(RoundedSigmoid.SIGMOID, raw, 3, scratch, 1, batch, hidden, from, to);
        for (int b = from; b < to; b++) {
            int r = b * 4 * hidden;
            for (int u = 0; u < hidden; u++) {
                scratch[ip + b * hidden + u] = raw[r + u] - m[b * hidden + u];
            }
        }
        CellFunctions.EXP.apply(scratch, scratch, ip + from * hidden, ip + to * hidden);
        if (previous != null) {
            gate(CellFunctions.LOG_SIGMOID, raw, 1, scratch, 3, batch, hidden, from, to);
            for (int s = from * hidden; s < to * hidden; s++) {
                scratch[fp + s] = scratch[fp + s] + mPrevious[s] - m[s];
            }
            CellFunctions.EXP.apply(scratch, scratch, fp + from * hidden, fp + to * hidden);
            gate(RoundedSigmoid.SIGMOID, raw, 1, scratch, 4, batch, hidden, from, to);
        }
        for (int b = from; b < to; b++) {
            for (int u = 0; u < hidden; u++) {
                int s = b * hidden + u;
                XlstmCells.slstmUnitBackward(scratch[z + s], scratch[og + s], scratch[ip + s], scratch[fp + s],
                        scratch[sf + s], previous, out, dout, hidden, b, u, draw, dprevious);
            }
        }
    }
}
