package org.nonid.api.compute.host;

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
            int g0 = b * 4 * hidden;
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            for (int u = 0; u < hidden; u++) {
                float i = sigmoid(gates[g0 + u]);
                float f = sigmoid(gates[g0 + hidden + u]);
                float g = (float) Math.tanh(gates[g0 + 2 * hidden + u]);
                float o = sigmoid(gates[g0 + 3 * hidden + u]);
                float cell = i * g + (cPrevious == null ? 0f : f * cPrevious[c0 + u]);
                float tc = (float) Math.tanh(cell);
                c[c0 + u] = cell;
                h[c0 + u] = o * tc;
                saved[s0 + u] = i;
                saved[s0 + hidden + u] = f;
                saved[s0 + 2 * hidden + u] = g;
                saved[s0 + 3 * hidden + u] = o;
                saved[s0 + 4 * hidden + u] = tc;
            }
        }
    }

    /**
     * Rows {@code [from, to)} of the backward step: accumulates into {@code dGates} and, when there
     * was a previous cell, into {@code dcPrevious}. A null {@code dh} or {@code dc} reads as zeros.
     */
    public static void backward(float[] saved, float[] cPrevious, float[] dh, float[] dc, int hidden, float[] dGates,
                                float[] dcPrevious, int from, int to) {
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            for (int u = 0; u < hidden; u++) {
                float i = saved[s0 + u];
                float f = saved[s0 + hidden + u];
                float g = saved[s0 + 2 * hidden + u];
                float o = saved[s0 + 3 * hidden + u];
                float tc = saved[s0 + 4 * hidden + u];
                float dhu = dh == null ? 0f : dh[c0 + u];
                float dcu = (dc == null ? 0f : dc[c0 + u]) + dhu * o * (1f - tc * tc);
                float cp = cPrevious == null ? 0f : cPrevious[c0 + u];
                dGates[g0 + u] += dcu * g * i * (1f - i);
                dGates[g0 + hidden + u] += dcu * cp * f * (1f - f);
                dGates[g0 + 2 * hidden + u] += dcu * i * (1f - g * g);
                dGates[g0 + 3 * hidden + u] += dhu * tc * o * (1f - o);
                if (dcPrevious != null) {
                    dcPrevious[c0 + u] += dcu * f;
                }
            }
        }
    }
}
