package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The vector sigmoid and softplus ({@link RoundedSigmoid}, {@link RoundedSoftplus}) and the cells'
 * exp, tanh and log(sigmoid) ({@link CellFunctions}) equal the host's scalar ones to the bit (bench/rounded-functions checks all 2^32 floats; here a spread of
 * a million of them, the edges, and the ranges kernels pass).
 */
class RoundedActivationsTest {
    @Test
    void sigmoidOfFloatsAcrossTheirRangeEqualsTheHostsToTheBit() {
        assertEqualAcrossTheRange(HostKernels::sigmoid, RoundedSigmoid::sigmoid);
    }

    @Test
    void softplusOfFloatsAcrossTheirRangeEqualsTheHostsToTheBit() {
        assertEqualAcrossTheRange(HostKernels::softplus, RoundedSoftplus::softplus);
    }

    @Test
    void softplusInPlaceOverRangesOfAnyLength() {
        assertInPlaceOverRanges(6, 12, HostKernels::softplus, RoundedSoftplus::softplus);
    }

    @Test
    void sigmoidInPlaceOverRangesOfAnyLength() {
        assertInPlaceOverRanges(5, 6, HostKernels::sigmoid, RoundedSigmoid::sigmoid);
    }

    @Test
    void cellFunctionsOfFloatsAcrossTheirRangeEqualTheHostsToTheBit() {
        assertEqualAcrossTheRange(each(x -> (float) Math.exp(x)), CellFunctions.EXP::apply);
        assertEqualAcrossTheRange(each(RoundedFunctions::tanh), CellFunctions.TANH::apply);
        assertEqualAcrossTheRange(each(RoundedFunctions::logSigmoid), CellFunctions.LOG_SIGMOID::apply);
    }

    @Test
    void cellFunctionsInPlaceOverRangesOfAnyLength() {
        assertInPlaceOverRanges(7, 3, each(x -> (float) Math.exp(x)), CellFunctions.EXP::apply);
        assertInPlaceOverRanges(8, 2, each(RoundedFunctions::tanh), CellFunctions.TANH::apply);
        assertInPlaceOverRanges(9, 6, each(RoundedFunctions::logSigmoid), CellFunctions.LOG_SIGMOID::apply);
    }

    @Test
    void inPlaceLanesThatTheScalarFunctionDecidesTakeTheirOwnArguments() {
        // results below or above the normal floats, and NaN, are left to the scalar function; in place,
        // it must see each lane's argument, not what the vector pass wrote over it
        float[] special = {-100f, 100f, Float.NaN, -1e30f, 1e30f, Float.MIN_VALUE, -0f};
        SplittableRandom r = new SplittableRandom(10);
        float[] x = new float[1100];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 == 0 ? special[i / 5 % special.length] : (float) (r.nextGaussian() * 4);
        }
        assertInPlace(x, HostKernels::sigmoid, RoundedSigmoid::sigmoid);
        assertInPlace(x, HostKernels::softplus, RoundedSoftplus::softplus);
        assertInPlace(x, each(x1 -> (float) Math.exp(x1)), CellFunctions.EXP::apply);
        assertInPlace(x, each(RoundedFunctions::tanh), CellFunctions.TANH::apply);
        assertInPlace(x, each(RoundedFunctions::logSigmoid), CellFunctions.LOG_SIGMOID::apply);
    }

    private static void assertInPlace(float[] arguments, Kernel host, Kernel vector) {
        float[] x = arguments.clone();
        float[] expected = x.clone();
        host.apply(x, expected, 2, x.length - 1);
        vector.apply(x, x, 2, x.length - 1);
        for (int i = 0; i < x.length; i++) {
            assertBits(expected[i], x[i], arguments[i]);
        }
    }

    private interface FloatFunction {
        float apply(float x);
    }

    /** A scalar function over a range. */
    private static Kernel each(FloatFunction f) {
        return (x, out, from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = f.apply(x[i]);
            }
        };
    }

    private static void assertEqualAcrossTheRange(Kernel host, Kernel vector) {
        float[] x = floatsAcrossTheRange();
        float[] expected = new float[x.length];
        host.apply(x, expected, 0, x.length);
        float[] out = new float[x.length];
        vector.apply(x, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertBits(expected[i], out[i], x[i]);
        }
    }

    /** An element-wise kernel over {@code [from, to)} of an array. */
    private interface Kernel {
        void apply(float[] x, float[] out, int from, int to);
    }

    /**
     * The vector kernel, run in place on ranges of lengths under, on and past whole vectors and
     * blocks, writes the host kernel's floats there and leaves the rest of the array alone.
     */
    private static void assertInPlaceOverRanges(long seed, double spread, Kernel host, Kernel vector) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int length : new int[] {1, 7, 8, 17, 511, 512, 513, 1500}) {
            float[] x = new float[length + 9];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * spread);
            }
            float[] expected = x.clone();
            host.apply(x, expected, 3, 3 + length);
            vector.apply(x, x, 3, 3 + length);
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
