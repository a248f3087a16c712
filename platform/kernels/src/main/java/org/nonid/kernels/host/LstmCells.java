package org.nonid.kernels.host;

/**
 * The LSTM cell on float arrays; semantics of {@link org.nonid.api.compute.SequenceKernels#lstmCell}.
 * The saved activations are laid out per row as {@code [i f g o tanh(c)]}, each {@code hidden} wide.
 */
public final class LstmCells {
    private LstmCells() {
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** Rows {@code [from, to)} of the forward step; {@code cPrevious} null reads as zeros. */
    public static void forward(float[] gates, float[] cPrevious, int hidden, float[] h, float[] c, float[] saved,
                               int from, int to) {
        for (int b = from; b < to; b++) {
            for (int u = 0; u < hidden; u++) {
                forwardUnit(gates, cPrevious, hidden, h, c, saved, b, u);
            }
        }
    }

    /** Unit u of row b of the forward step (for backends whose vector loops leave a tail). */
    public static void forwardUnit(float[] gates, float[] cPrevious, int hidden, float[] h, float[] c, float[] saved,
                                   int b, int u) {
        int g0 = b * 4 * hidden + u;
        int s0 = b * 5 * hidden + u;
        int c0 = b * hidden + u;
        float i = sigmoid(gates[g0]);
        float f = sigmoid(gates[g0 + hidden]);
        float g = RoundedFunctions.tanh(gates[g0 + 2 * hidden]);
        float o = sigmoid(gates[g0 + 3 * hidden]);
        float cell = i * g + (cPrevious == null ? 0f : f * cPrevious[c0]);
        float tc = RoundedFunctions.tanh(cell);
        c[c0] = cell;
        h[c0] = o * tc;
        saved[s0] = i;
        saved[s0 + hidden] = f;
        saved[s0 + 2 * hidden] = g;
        saved[s0 + 3 * hidden] = o;
        saved[s0 + 4 * hidden] = tc;
    }

    /**
     * Rows {@code [from, to)} of the backward step: accumulates into {@code dGates} and, when there
     * was a previous cell, into {@code dcPrevious}. A null {@code dh} or {@code dc} reads as zeros.
     */
    public static void backward(float[] saved, float[] cPrevious, float[] dh, float[] dc, int hidden, float[] dGates,
                                float[] dcPrevious, int from, int to) {
        for (int b = from; b < to; b++) {
            for (int u = 0; u < hidden; u++) {
                backwardUnit(saved, cPrevious, dh, dc, hidden, dGates, dcPrevious, b, u);
            }
        }
    }

    /** Unit u of row b of the backward step. */
    public static void backwardUnit(float[] saved, float[] cPrevious, float[] dh, float[] dc, int hidden,
                                    float[] dGates, float[] dcPrevious, int b, int u) {
        int g0 = b * 4 * hidden + u;
        int s0 = b * 5 * hidden + u;
        int c0 = b * hidden + u;
        float i = saved[s0];
        float f = saved[s0 + hidden];
        float g = saved[s0 + 2 * hidden];
        float o = saved[s0 + 3 * hidden];
        float tc = saved[s0 + 4 * hidden];
        float dhu = dh == null ? 0f : dh[c0];
        float dcu = (dc == null ? 0f : dc[c0]) + dhu * o * (1f - tc * tc);
        float cp = cPrevious == null ? 0f : cPrevious[c0];
        dGates[g0] += dcu * g * (i * (1f - i));
        dGates[g0 + hidden] += dcu * cp * (f * (1f - f));
        dGates[g0 + 2 * hidden] += dcu * i * (1f - g * g);
        dGates[g0 + 3 * hidden] += dhu * tc * (o * (1f - o));
        if (dcPrevious != null) {
            dcPrevious[c0] += dcu * f;
        }
    }
}
