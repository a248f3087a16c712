package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The LSTM cell's passes give the single loop's values and gradients to the bit. */
class LstmKernelsTest {

    @Test
    void passesEqualTheSingleLoopToTheBit() {
        int[][] shapes = {{5, 64}, {3, 48}, {4, 19}, {2, 3}, {3, 40}}; // rows, hidden: whole vectors, tails, no vector
        for (int[] d : shapes) {
            int rows = d[0];
            int hidden = d[1];
            SplittableRandom r = new SplittableRandom(rows * 100L + hidden);
            float[] gates = values(r, rows * 4 * hidden, 6f);
            float[] cPrevious = values(r, rows * hidden, 2f);
            float[] dh = values(r, rows * hidden, 1f);
            float[] dc = values(r, rows * hidden, 1f);
            for (boolean first : new boolean[] {true, false}) {
                float[] cp = first ? null : cPrevious;
                float[][] expected = new float[3][];
                float[][] got = new float[3][];
                for (int k = 0; k < 2; k++) {
                    float[] h = new float[rows * hidden];
                    float[] c = new float[rows * hidden];
                    float[] saved = new float[rows * 5 * hidden];
                    if (k == 0) {
                        LstmKernelsBeforePasses.forward(gates, cp, hidden, h, c, saved, 0, rows);
                    } else {
                        LstmKernels.forward(gates, cp, hidden, h, c, saved, 1, rows);
                        LstmKernels.forward(gates, cp, hidden, h, c, saved, 0, 1);
                    }
                    (k == 0 ? expected : got)[0] = h;
                    (k == 0 ? expected : got)[1] = c;
                    (k == 0 ? expected : got)[2] = saved;
                }
                String name = rows + "x" + hidden + (first ? " first step" : "");
                assertArrayEquals(expected[0], got[0], 0f, "h " + name);
                assertArrayEquals(expected[1], got[1], 0f, "c " + name);
                assertArrayEquals(expected[2], got[2], 0f, "saved " + name);
                for (int nulls = 0; nulls < 4; nulls++) { // dh, dc, both present or one absent; dcPrevious with c'
                    float[] dhIn = nulls == 1 ? null : dh;
                    float[] dcIn = nulls == 2 ? null : dc;
                    float[][] grads = new float[2][];
                    float[][] refGrads = new float[2][];
                    for (int k = 0; k < 2; k++) {
                        float[] dGates = values(new SplittableRandom(7), rows * 4 * hidden, 1f);
                        float[] dcPrevious = cp == null || nulls == 3 ? null : values(new SplittableRandom(8), rows * hidden, 1f);
                        if (k == 0) {
                            LstmKernelsBeforePasses.backward(expected[2], cp, dhIn, dcIn, hidden, dGates, dcPrevious, 0, rows);
                            refGrads[0] = dGates;
                            refGrads[1] = dcPrevious;
                        } else {
                            LstmKernels.backward(expected[2], cp, dhIn, dcIn, hidden, dGates, dcPrevious, 0, rows);
                            grads[0] = dGates;
                            grads[1] = dcPrevious;
                        }
                    }
                    assertArrayEquals(refGrads[0], grads[0], 0f, "dGates " + name + " case " + nulls);
                    assertArrayEquals(refGrads[1], grads[1], 0f, "dcPrevious " + name + " case " + nulls);
                }
            }
        }
    }

    /** Values spread to saturate the activations at both ends, with exact zeros and signed zeros among them. */
    private static float[] values(SplittableRandom r, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(20);
            x[i] = pick == 0 ? 0f : pick == 1 ? -0f : pick == 2 ? 100f * (r.nextBoolean() ? 1 : -1)
                    : (float) (r.nextGaussian() * scale);
        }
        return x;
    }
}
