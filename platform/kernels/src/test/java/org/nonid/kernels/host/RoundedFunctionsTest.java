package org.nonid.kernels.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The float functions equal the JDK's double functions rounded to float, to the bit, on a sample
 * of every binade and on every float of the ranges the models use most (bench/rounded-functions
 * checks all 2^32); and the rounding test hands the JDK exactly the doubles near a boundary.
 */
class RoundedFunctionsTest {
    private interface FloatFunction {
        float apply(float x);
    }

    private static final FloatFunction JDK_TANH = x -> (float) Math.tanh(x);
    private static final FloatFunction JDK_LOG_SIGMOID =
        x -> x >= 0 ? (float) -Math.log1p(Math.exp(-x)) : (float) (x - Math.log1p(Math.exp(x)));
    private static final FloatFunction JDK_LOG1P_EXP = x -> (float) Math.log1p(Math.exp(x));

    private static void assertSameOnSampleAndDenseRange(String name, FloatFunction fast, FloatFunction jdk) {
        // every 1021st bit pattern: all binades, both signs, infinities' and NaNs' neighbourhoods
        for (long bits = 0; bits < 1L << 32; bits += 1021) {
            assertSame(name, fast, jdk, Float.intBitsToFloat((int) bits));
        }
        // every float in [1, 1.125) and [-0.5, -0.4375]: 3 * 2^20 consecutive floats
        for (int bits = Float.floatToRawIntBits(1f); bits < Float.floatToRawIntBits(1.125f); bits++) {
            assertSame(name, fast, jdk, Float.intBitsToFloat(bits));
        }
        for (int bits = Float.floatToRawIntBits(-0.4375f); bits <= Float.floatToRawIntBits(-0.5f); bits++) {
            assertSame(name, fast, jdk, Float.intBitsToFloat(bits));
        }
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0x1p-5f, -0x1p-5f,
            Math.nextDown(0x1p-5f), 20f, -20f, 37.5f, 87f, 88.7f, -88.7f, 100f, 103.2f, 104f, -104f, 745.2f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        for (float x : special) {
            assertSame(name, fast, jdk, x);
        }
    }

    private static void assertSame(String name, FloatFunction fast, FloatFunction jdk, float x) {
        int expected = Float.floatToRawIntBits(jdk.apply(x));
        int actual = Float.floatToRawIntBits(fast.apply(x));
        if (expected != actual) {
            assertEquals(Float.intBitsToFloat(expected), Float.intBitsToFloat(actual),
                    name + " at " + x + " (bits 0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ")");
            assertEquals(expected, actual, name + " at " + x + ": the same value with other bits");
        }
    }

    @Test
    void tanhIsTheJdksRoundedToFloat() {
        assertSameOnSampleAndDenseRange("tanh", RoundedFunctions::tanh, JDK_TANH);
        for (int bits = Float.floatToRawIntBits(0x1p-6f); bits < Float.floatToRawIntBits(0x1p-4f); bits += 3) {
            assertSame("tanh", RoundedFunctions::tanh, JDK_TANH, Float.intBitsToFloat(bits));
        }
    }

    @Test
    void logSigmoidIsTheJdksRoundedToFloat() {
        assertSameOnSampleAndDenseRange("logSigmoid", RoundedFunctions::logSigmoid, JDK_LOG_SIGMOID);
        // large forget-gate pre-activations: results subnormal from 87.3, zero from 103.3
        for (int bits = Float.floatToRawIntBits(80f); bits < Float.floatToRawIntBits(110f); bits += 3) {
            assertSame("logSigmoid", RoundedFunctions::logSigmoid, JDK_LOG_SIGMOID, Float.intBitsToFloat(bits));
        }
    }

    @Test
    void log1pExpIsTheJdksRoundedToFloat() {
        assertSameOnSampleAndDenseRange("log1pExp", RoundedFunctions::log1pExp, JDK_LOG1P_EXP);
    }

    @Test
    void doublesNearAFloatRoundingBoundaryAreLeftToTheJdk() {
        double halfWay = 1.0 + 0x1p-24;
        assertFalse(RoundedFunctions.decides(halfWay), "half-way between 1 and the next float");
        assertFalse(RoundedFunctions.decides(halfWay + 4096 * 0x1p-52), "4,096 ulps above half-way");
        assertFalse(RoundedFunctions.decides(-(halfWay - 4096 * 0x1p-52)), "4,096 ulps below half-way, negative");
        assertTrue(RoundedFunctions.decides(halfWay + 4097 * 0x1p-52), "4,097 ulps above half-way");
        assertTrue(RoundedFunctions.decides(halfWay - 4097 * 0x1p-52), "4,097 ulps below half-way");
        assertTrue(RoundedFunctions.decides(1.0), "a float");
        assertTrue(RoundedFunctions.decides(Math.nextDown(1.0)), "just below a float");
        assertTrue(RoundedFunctions.decides(0.75 + 0x1p-40), "between floats, far from half-way");
        assertTrue(RoundedFunctions.decides(0x1p-127), "a subnormal float");
        assertTrue(RoundedFunctions.decides(-0x1p-140 + 0x1p-170), "near a subnormal float");
        assertFalse(RoundedFunctions.decides(3 * 0x1p-150), "half-way between two subnormal floats");
        assertFalse(RoundedFunctions.decides(-(0x1p-130 + 0x1p-150)), "half-way between two subnormal floats, negative");
        assertFalse(RoundedFunctions.decides(0x1p-130 + 0x1p-150 + 0x1p-172), "2^-42 relative above half-way");
        assertTrue(RoundedFunctions.decides(0x1p-130 + 0x1p-150 + 0x1p-165), "2^-35 relative above half-way");
        assertTrue(RoundedFunctions.decides(0.0), "zero");
        assertFalse(RoundedFunctions.decides(Double.NaN), "NaN");
        assertFalse(RoundedFunctions.decides(0x1p128), "beyond the floats");
        assertTrue(RoundedFunctions.decides(Float.MIN_NORMAL), "the smallest normal float");
    }
}
