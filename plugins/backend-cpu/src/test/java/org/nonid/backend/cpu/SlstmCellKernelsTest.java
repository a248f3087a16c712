package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.kernels.host.XlstmCells;

/**
 * The CPU backend's sLSTM cell, forward and backward, first step and later ones, on one and two
 * threads, gives the host cell's every value to the bit.
 */
class SlstmCellKernelsTest {
    private static final int BATCH = 6;
    private static final int HIDDEN = 37;

    @Test
    void cellAndItsGradientsEqualTheHostsToTheBit() {
        for (int threads : new int[] {1, 2}) {
            for (boolean first : new boolean[] {true, false}) {
                check(threads, first);
            }
        }
    }

    private static void check(int threads, boolean first) {
        SplittableRandom r = new SplittableRandom(threads * 2 + (first ? 1 : 0));
        float[] raw = gaussian(r, BATCH * 4 * HIDDEN, 3);
        // a few gate inputs where the functions leave their vector lanes: tiny, huge, zero
        raw[HIDDEN + 1] = 1e-7f;
        raw[2 * HIDDEN + 2] = -0f;
        raw[2 * HIDDEN + 3] = 0.01f;
        raw[3 * HIDDEN + 4] = 120f;
        raw[HIDDEN + 5] = -95f;
        float[] previous = first ? null : positiveStates(r);
        float[] mPrevious = first ? null : gaussian(r, BATCH * HIDDEN, 2);
        float[] out = new float[BATCH * 3 * HIDDEN];
        float[] m = new float[BATCH * HIDDEN];
        XlstmCells.slstmCell(raw, previous, mPrevious, BATCH, HIDDEN, out, m);
        float[] dout = gaussian(r, out.length, 1);
        float[] draw = gaussian(r, raw.length, 1);
        float[] dprevious = first ? null : gaussian(r, out.length, 1);
        float[] expectedDraw = draw.clone();
        float[] expectedDprevious = first ? null : dprevious.clone();
        XlstmCells.slstmCellBackward(raw, previous, mPrevious, m, out, dout, BATCH, HIDDEN, expectedDraw,
                expectedDprevious);

        CpuBackend b = new CpuBackend(threads);
        try {
            Tensor tOut = b.zeros(out.length);
            Tensor tM = b.zeros(m.length);
            Tensor tRaw = up(b, raw);
            Tensor tPrevious = first ? null : up(b, previous);
            Tensor tMPrevious = first ? null : up(b, mPrevious);
            b.slstmCell(tRaw, tPrevious, tMPrevious, BATCH, HIDDEN, tOut, tM);
            String at = (first ? "first step" : "later step") + ", " + threads + " thread(s)";
            assertBits(out, b.download(tOut), "cell output, " + at);
            assertBits(m, b.download(tM), "stabiliser, " + at);
            Tensor tDraw = up(b, draw);
            Tensor tDprevious = first ? null : up(b, dprevious);
            b.slstmCellBackward(tRaw, tPrevious, tMPrevious, tM, tOut, up(b, dout), BATCH, HIDDEN, tDraw, tDprevious);
            assertBits(expectedDraw, b.download(tDraw), "gate gradients, " + at);
            if (!first) {
                assertBits(expectedDprevious, b.download(tDprevious), "state gradients, " + at);
            }
        } finally {
            b.close();
        }
    }

    private static Tensor up(CpuBackend b, float[] x) {
        return b.upload(x, x.length);
    }

    private static float[] gaussian(SplittableRandom r, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    /** Packed states [h, c, n] with positive normalisers, as a cell leaves them. */
    private static float[] positiveStates(SplittableRandom r) {
        float[] s = gaussian(r, BATCH * 3 * HIDDEN, 1);
        for (int b = 0; b < BATCH; b++) {
            for (int u = 0; u < HIDDEN; u++) {
                int n = b * 3 * HIDDEN + 2 * HIDDEN + u;
                s[n] = Math.abs(s[n]) + 0.5f;
            }
        }
        return s;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToIntBits(expected[i]);
            int a = Float.floatToIntBits(actual[i]);
            final int at = i;
            assertEquals(e, a, () -> what + " at " + at + ": " + expected[at] + " vs " + actual[at]);
        }
    }
}
