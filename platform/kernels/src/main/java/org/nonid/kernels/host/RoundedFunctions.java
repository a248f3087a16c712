package org.nonid.kernels.host;

/**
 * The host kernels' tanh, log(sigmoid) and softplus of a float: the JDK's double-precision
 * function, rounded to float once, to the bit, for every float, at a fraction of the JDK's cost.
 *
 * <p>The JDK computes {@code tanh} and {@code log1p} in native fdlibm code, a call costing
 * several times the JIT's {@code exp} and {@code log} intrinsics. These functions compute the
 * same values from the intrinsics, in double precision, with an error below 2<sup>7</sup> of a
 * double's ulps. A float is fixed by its double unless the double lies near a boundary between
 * two floats' rounding intervals; there (one call in about 2<sup>16</sup>) and for results
 * beyond the floats, the JDK's function decides. {@code bench/rounded-functions} checks
 * all 2<sup>32</sup> floats against the JDK.
 */
public final class RoundedFunctions {
    /** The 29 low bits of a double's significand, which rounding to float drops. */
    public static final long DROPPED_BITS = (1L << 29) - 1;
    /** The dropped bits of a double half-way between two floats. */
    public static final long HALF_WAY = 1L << 28;
    /**
     * Distance from half-way, in doubles' ulps, below which an approximation does not decide: a
     * double this far from half-way rounds to the float that every double within the margin
     * rounds to (kernels computing in double lanes test their results against these three).
     */
    public static final long MARGIN = 1L << 12;
    /**
     * Below this |x|, tanh by its series; above, as {@code 1 - 2 / (e^2|x| + 1)}, whose error is
     * within the bound from here up only (it grows as |x| shrinks).
     */
    public static final double TANH_SERIES_BOUND = 0x1p-5;
    private static final double T3 = -1.0 / 3;
    private static final double T5 = 2.0 / 15;
    private static final double T7 = -17.0 / 315;
    private static final double T9 = 62.0 / 2835;

    private RoundedFunctions() {
    }

    /** {@code (float) Math.tanh(x)}. */
    public static float tanh(float x) {
        double a = Math.abs((double) x);
        double t;
        if (a < TANH_SERIES_BOUND) {
            double s = a * a;
            t = a + a * s * (T3 + s * (T5 + s * (T7 + s * T9)));
        } else {
            t = 1.0 - 2.0 / (Math.exp(2.0 * a) + 1.0);
        }
        if (!decides(t)) {
            return (float) Math.tanh(x);
        }
        return Math.copySign((float) t, x);
    }

    /** {@code x >= 0 ? (float) -Math.log1p(Math.exp(-x)) : (float) (x - Math.log1p(Math.exp(x)))}. */
    public static float logSigmoid(float x) {
        double e = Math.exp(-Math.abs((double) x));
        double l = log1p(e);
        double y = x >= 0 ? -l : x - l;
        if (!decides(y)) {
            return x >= 0 ? (float) -Math.log1p(e) : (float) (x - Math.log1p(e));
        }
        return (float) y;
    }

    /** {@code (float) Math.log1p(Math.exp(x))}. */
    public static float log1pExp(float x) {
        double e = Math.exp(x);
        double y = log1p(e);
        return decides(y) ? (float) y : (float) Math.log1p(e);
    }

    /**
     * {@code log(1 + e)} for {@code e >= 0} within a few ulps from the {@code log} intrinsic:
     * {@code log(u) e / (u - 1)} with {@code u = 1 + e} rounded corrects the rounding of u.
     */
    private static double log1p(double e) {
        double u = 1.0 + e;
        return u == 1.0 ? e : Math.log(u) * (e / (u - 1.0));
    }

    /**
     * Whether every double within {@link #MARGIN} ulps of y rounds to the float y rounds to: y is
     * far enough from the nearest point half-way between two floats (normal or subnormal), and
     * within the floats (not infinite or NaN).
     */
    static boolean decides(double y) {
        double magnitude = Math.abs(y);
        if (magnitude >= Float.MIN_NORMAL && magnitude <= Float.MAX_VALUE) {
            long dropped = Double.doubleToRawLongBits(y) & DROPPED_BITS;
            return Math.abs(dropped - HALF_WAY) > MARGIN;
        }
        if (magnitude < Float.MIN_NORMAL) {
            // subnormal floats are the multiples of 2^-149: half-way points are odd multiples of 2^-150
            double steps = magnitude * 0x1p149;
            return Math.abs(steps - Math.floor(steps) - 0.5) > steps * 0x1p-39;
        }
        return false;
    }
}
