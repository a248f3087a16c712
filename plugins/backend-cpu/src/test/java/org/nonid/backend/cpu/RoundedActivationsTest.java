package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nonid.kernels.host.Logistic;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The vector sigmoid and tanh give the host's scalar floats to the bit (bench/rounded-functions
 * checks all 2^32 floats): on a sample of every binade, on every float of the ranges the models use
 * most, across the series bound of tanh, in place, and from offsets that leave scalar tails.
 */
class RoundedActivationsTest {
    private interface Kernel {
        void apply(float[] x, float[] out, int from, int to);
    }

    private interface Scalar {
        float apply(float x);
    }

    private static void assertSameAsScalar(String name, Kernel kernel, Scalar scalar, float[] x, int from, int to,
                                           boolean inPlace) {
        float[] out = inPlace ? x.clone() : new float[x.length];
        kernel.apply(inPlace ? out : x, out, from, to);
        for (int i = from; i < to; i++) {
            int expected = Float.floatToRawIntBits(scalar.apply(x[i]));
            if (expected != Float.floatToRawIntBits(out[i])) {
                assertEquals(Float.intBitsToFloat(expected), out[i], name + " at " + x[i] + " (bits 0x"
                        + Integer.toHexString(Float.floatToRawIntBits(x[i])) + ")" + (inPlace ? ", in place" : ""));
                assertEquals(expected, Float.floatToRawIntBits(out[i]), name + " at " + x[i] + ": other bits");
            }
        }
    }

    private static void check(String name, Kernel kernel, Scalar scalar) {
        float[] chunk = new float[4093];
        int filled = 0;
        boolean inPlace = false;
        // every 1021st bit pattern: all binades, both signs, infinities and NaNs
        for (long bits = 0; bits < 1L << 32; bits += 1021) {
            chunk[filled++] = Float.intBitsToFloat((int) bits);
            if (filled == chunk.length) {
                assertSameAsScalar(name, kernel, scalar, chunk, 3, chunk.length, inPlace);
                inPlace = !inPlace;
                filled = 0;
            }
        }
        // every float in [-1.125, -1) and [0.4375, 0.5), and every third around tanh's series bound
        dense(name, kernel, scalar, -1.125f, -1f, 1);
        dense(name, kernel, scalar, 0.4375f, 0.5f, 1);
        dense(name, kernel, scalar, 0x1p-6f, 0x1p-4f, 3);
        dense(name, kernel, scalar, -0x1p-4f, -0x1p-6f, 3);
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 0x1p-5f, -0x1p-5f,
            Math.nextDown(0x1p-5f), 20f, -20f, 87f, 88.7f, -88.7f, 104f, -104f, 350f, -350f, 351f, -351f, 745.2f,
            -745.2f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        assertSameAsScalar(name, kernel, scalar, special, 0, special.length, false);
    }

    private static void dense(String name, Kernel kernel, Scalar scalar, float low, float high, int stride) {
        int a = Float.floatToRawIntBits(low);
        int b = Float.floatToRawIntBits(high);
        int first = Math.min(a, b);
        int last = Math.max(a, b);
        float[] x = new float[(last - first) / stride + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = Float.intBitsToFloat(first + i * stride);
        }
        assertSameAsScalar(name, kernel, scalar, x, 1, x.length, false);
    }

    @Test
    void sigmoidIsTheHostsToTheBit() {
        check("sigmoid", RoundedActivations::sigmoid, Logistic::sigmoid);
    }

    @Test
    void tanhIsTheHostsToTheBit() {
        check("tanh", RoundedActivations::tanh, RoundedFunctions::tanh);
    }
}
