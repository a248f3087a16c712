package org.nonid.testkit;

/** Element-wise comparison with a mixed absolute/relative tolerance and a useful message. */
public final class Compare {
    private Compare() {
    }

    /** Fails unless {@code |actual - expected| <= tolerance * max(1, |expected|)} everywhere. */
    public static void close(String what, double[] expected, float[] actual, double tolerance) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(a) || Math.abs(a - e) > tolerance * Math.max(1.0, Math.abs(e))) {
                throw new AssertionError(what + ": element " + i + " is " + a + ", expected " + e
                        + " (tolerance " + tolerance + ")");
            }
        }
    }

    /** Same for two float arrays. */
    public static void close(String what, float[] expected, float[] actual, double tolerance) {
        double[] e = new double[expected.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        close(what, e, actual, tolerance);
    }

    /** Scalar form. */
    public static void close(String what, double expected, double actual, double tolerance) {
        if (Double.isNaN(actual) || Math.abs(actual - expected) > tolerance * Math.max(1.0, Math.abs(expected))) {
            throw new AssertionError(what + ": " + actual + ", expected " + expected + " (tolerance " + tolerance + ")");
        }
    }

    /** Fails unless every element has the same bits ({@code expected} from the reference path, {@code actual} from the other). */
    public static void sameBits(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " differs at " + i + ": " + actual[i] + ", expected " + expected[i]);
            }
        }
    }
}
