package org.nonid.backend.cpu;

import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * Passes over small double arrays in vector lanes of the preferred shape, for kernels that
 * compute a float function in double precision and round it to float under
 * {@link RoundedFunctions}' rounding test: an exponential and a logarithm within a few ulps, and
 * the test itself. Floats enter and leave these arrays through scalar loops: converting them in
 * vectors needs a float species of half the preferred width, and a second float shape makes the
 * JIT box vectors in every other kernel ({@code VectorCodeRulesTest}). Each pass works in place
 * on a whole number of vectors ({@code end}); no method takes or returns a vector.
 */
final class DoubleLanes {
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Doubles a kernel converts at a time: a few kilobytes, a whole number of vectors. */
    static final int BLOCK = 512;
    /** Adding 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer held in its low bits. */
    private static final double SHIFTER = 0x1.8p52;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 as a double, and the rest of it. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** Beyond this |t|, e^t is outside the normal doubles that 2^n times the series can make. */
    private static final double EXP_BOUND = 700;
    private static final long SIGNIFICAND = (1L << 52) - 1;
    private static final long EXPONENT_OF_ONE = 1023L << 52;
    /** 2^52 as bits: or-ing an integer below 2^52 into them and subtracting 2^52 converts it to double. */
    private static final long TWO_TO_52 = 0x4330000000000000L;

    private DoubleLanes() {
    }

    /**
     * {@code t[i] = e^t[i]} for i in {@code [0, end)}, within a few ulps, t clamped to
     * [-700, 700]: {@code 2^n e^r} with n = round(t / ln 2), r = t - n ln 2 in two parts and e^r
     * by its series to r^13.
     */
    static void exp(double[] t, int end) {
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector power = DoubleVector.fromArray(D, t, i).max(-EXP_BOUND).min(EXP_BOUND);
            DoubleVector shifted = power.lanewise(FMA, LOG2E, SHIFTER);
            DoubleVector n = shifted.sub(SHIFTER);
            DoubleVector r = n.lanewise(FMA, -LN2_LO, n.lanewise(FMA, -LN2_HI, power));
            DoubleVector p = r.broadcast(1.0 / 6227020800.0);
            p = p.lanewise(FMA, r, 1.0 / 479001600.0).lanewise(FMA, r, 1.0 / 39916800.0)
                    .lanewise(FMA, r, 1.0 / 3628800.0).lanewise(FMA, r, 1.0 / 362880.0).lanewise(FMA, r, 1.0 / 40320.0)
                    .lanewise(FMA, r, 1.0 / 5040.0).lanewise(FMA, r, 1.0 / 720.0).lanewise(FMA, r, 1.0 / 120.0)
                    .lanewise(FMA, r, 1.0 / 24.0).lanewise(FMA, r, 1.0 / 6.0).lanewise(FMA, r, 0.5)
                    .lanewise(FMA, r, 1.0).lanewise(FMA, r, 1.0);
            p.mul(shifted.reinterpretAsLongs().add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles())
                    .intoArray(t, i);
        }
    }

    /**
     * {@code t[i] = log(1 + t[i])} for {@code t[i] >= 0} and i in {@code [0, end)}, within a few
     * ulps: {@code log(u) t / (u - 1)} with {@code u = 1 + t} rounded (the quotient corrects the
     * rounding of u), where {@code log(u) = k ln 2 + log(m)}, m in [sqrt(1/2), sqrt(2)), and
     * {@code log(m) = 2 atanh(s)}, s = (m - 1) / (m + 1), by its series to s^21.
     */
    static void log1p(double[] t, int end) {
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector e = DoubleVector.fromArray(D, t, i);
            DoubleVector u = e.add(1.0);
            LongVector bits = u.reinterpretAsLongs();
            DoubleVector m = bits.and(SIGNIFICAND).or(EXPONENT_OF_ONE).reinterpretAsDoubles();
            DoubleVector k = bits.lanewise(VectorOperators.LSHR, 52).or(TWO_TO_52).reinterpretAsDoubles()
                    .sub(0x1p52 + 1023);
            VectorMask<Double> high = m.compare(VectorOperators.GT, Math.sqrt(2));
            m = m.blend(m.mul(0.5), high);
            k = k.blend(k.add(1.0), high);
            DoubleVector s = m.sub(1.0).div(m.add(1.0));
            DoubleVector z = s.mul(s);
            DoubleVector q = z.broadcast(2.0 / 21);
            q = q.lanewise(FMA, z, 2.0 / 19).lanewise(FMA, z, 2.0 / 17).lanewise(FMA, z, 2.0 / 15)
                    .lanewise(FMA, z, 2.0 / 13).lanewise(FMA, z, 2.0 / 11).lanewise(FMA, z, 2.0 / 9)
                    .lanewise(FMA, z, 2.0 / 7).lanewise(FMA, z, 2.0 / 5).lanewise(FMA, z, 2.0 / 3);
            DoubleVector logM = s.lanewise(FMA, z.mul(q), s.add(s));
            DoubleVector logU = k.lanewise(FMA, LN2_HI, k.lanewise(FMA, LN2_LO, logM));
            logU.mul(e.div(u.sub(1.0))).blend(e, u.compare(VectorOperators.EQ, 1.0)).intoArray(t, i);
        }
    }

    /**
     * {@code y[i] = NaN} for i in {@code [0, end)} where rounding y[i] to float is not decided
     * ({@link RoundedFunctions#MARGIN}) or its magnitude is not among the normal floats; a NaN
     * stays NaN. The caller's scalar function then computes those lanes. Returns whether any lane is NaN now.
     */
    static boolean markUndecided(double[] y, int end) {
        VectorMask<Double> any = D.maskAll(false);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, y, i);
            DoubleVector magnitude = v.abs();
            VectorMask<Double> decided = magnitude.compare(VectorOperators.GE, Float.MIN_NORMAL)
                    .and(magnitude.compare(VectorOperators.LE, Float.MAX_VALUE))
                    .and(v.reinterpretAsLongs().and(RoundedFunctions.DROPPED_BITS).sub(RoundedFunctions.HALF_WAY).abs()
                            .compare(VectorOperators.GT, RoundedFunctions.MARGIN).cast(D));
            VectorMask<Double> undecided = decided.not();
            v.blend(Double.NaN, undecided).intoArray(y, i);
            any = any.or(undecided);
        }
        return any.anyTrue();
    }
}
