package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.Logistic;

/**
 * The vector sigmoid and softplus ({@link RoundedSigmoid}, {@link RoundedSoftplus}) equal the
 * host's scalar ones to the bit (bench/rounded-functions checks all 2^32 floats; here a spread of
 * a million of them, the edges, and the ranges kernels pass).
 */
class RoundedActivationsTest {
    @Test
    void sigmoidOfFloatsAcrossTheirRangeEqualsTheHostsToTheBit() {
        float[] x = floatsAcrossTheRange();
        float[] out = new float[x.length];
        RoundedSigmoid.sigmoid(x, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertBits(Logistic.sigmoid(x[i]), out[i], x[i]);
        }
    }

    @Test
    void softplusOfFloatsAcrossTheirRangeEqualsTheHostsToTheBit() {
        float[] x = floatsAcrossTheRange();
        float[] expected = new float[x.length];
        HostKernels.softplus(x, expected, 0, x.length);
        float[] out = new float[x.length];
        RoundedSoftplus.softplus(x, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertBits(expected[i], out[i], x[i]);
        }
    }

    @Test
    void softplusInPlaceOverRangesOfAnyLength() {
        SplittableRandom r = new SplittableRandom(6);
        for (int length : new int[] {1, 7, 8, 17, 511, 512, 513, 1500}) {
            float[] x = new float[length + 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 12);
            }
            float[] expected = x.clone();
            HostKernels.softplus(x, expected, 3, 3 + length);
            RoundedSoftplus.softplus(x, x, 3, 3 + length);
            for (int i = 0; i < x.length; i++) {
                assertBits(expected[i], x[i], i);
            }
        }
    }

    @Test
    void sigmoidInPlaceOverRangesOfAnyLength() {
        SplittableRandom r = new SplittableRandom(5);
        for (int length : new int[] {1, 7, 8, 17, 511, 512, 513, 1500}) {
            float[] x = new float[length + 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 6);
            }
            float[] expected = x.clone();
            for (int i = 3; i < 3 + length; i++) {
                expected[i] = Logistic.sigmoid(x[i]);
            }
            RoundedSigmoid.sigmoid(x, x, 3, 3 + length);
            for (int i = 0; i < x.length; i++) {
                assertBits(expected[i], x[i], i);
            }
        }
    }

    @Test
    void softplusBackwardEqualsTheHostsToTheBit() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 1300;
        float[] x = new float[n];
        float[] dy = new float[n];
        float[] dx = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 8);
            dy[i] = (float) r.nextGaussian();
            dx[i] = (float) r.nextGaussian();
        }
        float[] expected = dx.clone();
        HostKernels.softplusBackward(x, dy, expected, 2, n - 5);
        RoundedSigmoid.softplusBackward(x, dy, dx, 2, n - 5);
        for (int i = 0; i < n; i++) {
            assertBits(expected[i], dx[i], x[i]);
        }
    }

    /**
     * Every 4,099th bit pattern (both signs, subnormals to NaNs), every 1,031st of those below 90
     * in magnitude (where neither function is linear or below the floats), and the edges.
     */
    private static float[] floatsAcrossTheRange() {
        float[] edges = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 20f, -20f, 87.3f, -87.3f,
            103.9f, -103.9f, 1e-8f, -1e-8f, 19.999998f, 20.000002f, -36.7f, -37f};
        int spread = (int) ((1L << 32) / 4099);
        int belowNinety = Float.floatToRawIntBits(90f) / 1031;
        float[] x = new float[spread + 2 * belowNinety + edges.length];
        for (int i = 0; i < spread; i++) {
            x[i] = Float.intBitsToFloat((int) (i * 4099L));
        }
        for (int i = 0; i < belowNinety; i++) {
            x[spread + 2 * i] = Float.intBitsToFloat(i * 1031);
            x[spread + 2 * i + 1] = -Float.intBitsToFloat(i * 1031);
        }
        System.arraycopy(edges, 0, x, spread + 2 * belowNinety, edges.length);
        return x;
    }

    /** Equal bits, every NaN counting as one (the host's own NaN sign varies with how the JIT ordered a division). */
    private static void assertBits(float expected, float actual, float x) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), () -> "at x = " + x
                + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + "): " + expected + " vs " + actual);
    }
}
