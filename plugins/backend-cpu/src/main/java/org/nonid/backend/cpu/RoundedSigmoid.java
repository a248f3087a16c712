package org.nonid.backend.cpu;

import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.Logistic;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The host kernels' sigmoid ({@link Logistic#sigmoid}) of float arrays, to the bit, a vector of
 * doubles at a time: e^-|x| from a polynomial in double lanes (within a few ulps), the quotient as
 * the scalar function forms it, and each lane rounded to float under {@link RoundedFunctions}'
 * rounding test; a lane the test does not decide (about one in 2^16, results below the normal
 * floats, NaN) takes the scalar function. {@code bench/rounded-functions sigmoid} checks all 2^32
 * floats.
 *
 * <p>Floats become doubles in scalar loops through a small buffer, not by a vector conversion:
 * that needs a float species of half the preferred width, and a second float shape makes the JIT
 * box vectors in every other kernel ({@code VectorCodeRulesTest}).
 */
public final class RoundedSigmoid {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats converted at a time: a few kilobytes of doubles, a whole number of vectors. */
    private static final int BLOCK = 512;
    /** Adding 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer held in its low bits. */
    private static final double SHIFTER = 0x1.8p52;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 as a double, and the rest of it. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** Below -this, e^t is below the normal doubles that 2^n times the series can make. */
    private static final double EXP_BOUND = 700;

    private RoundedSigmoid() {
    }

    /** {@code out[i] = Logistic.sigmoid(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    public static void sigmoid(float[] x, float[] out, int from, int to) {
        double[] lanes = new double[Math.min(BLOCK, to - from)];
        for (int start = from; start < to; start += BLOCK) {
            block(x, start, Math.min(BLOCK, to - start), out, start, lanes);
        }
    }

    /** {@code dx[i] += dy[i] * Logistic.sigmoid(x[i])} for i in {@code [from, to)}, as the host's softplus backward. */
    public static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        double[] lanes = new double[Math.min(BLOCK, to - from)];
        float[] s = new float[lanes.length];
        for (int start = from; start < to; start += BLOCK) {
            int count = Math.min(BLOCK, to - start);
            block(x, start, count, s, 0, lanes);
            for (int j = 0; j < count; j++) {
                dx[start + j] += dy[start + j] * s[j];
            }
        }
    }

    /** The sigmoid of {@code count} floats of x from {@code from} into out from {@code outAt}, through {@code lanes}. */
    private static void block(float[] x, int from, int count, float[] out, int outAt, double[] lanes) {
        for (int j = 0; j < count; j++) {
            lanes[j] = x[from + j];
        }
        int vectorEnd = D.loopBound(count);
        sigmoidLanes(lanes, vectorEnd);
        for (int j = 0; j < vectorEnd; j++) {
            double y = lanes[j];
            // NaN marks a lane whose rounding the test left undecided (or a NaN input)
            out[outAt + j] = y == y ? (float) y : Logistic.sigmoid(x[from + j]);
        }
        for (int j = vectorEnd; j < count; j++) {
            out[outAt + j] = Logistic.sigmoid(x[from + j]);
        }
    }

    /**
     * {@code t[i] = 1 / (1 + e^-t)} for {@code t >= 0}, {@code e^t / (1 + e^t)} below, for i in
     * {@code [0, end)}, or NaN where rounding the result to float is not decided. The exponential
     * is {@code 2^n e^r} with n = round(t / ln 2), r = t - n ln 2 in two parts and e^r by its
     * series to r^13.
     */
    private static void sigmoidLanes(double[] t, int end) {
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, t, i);
            DoubleVector power = v.abs().neg().max(-EXP_BOUND);
            DoubleVector shifted = power.lanewise(FMA, LOG2E, SHIFTER);
            DoubleVector n = shifted.sub(SHIFTER);
            DoubleVector r = n.lanewise(FMA, -LN2_LO, n.lanewise(FMA, -LN2_HI, power));
            DoubleVector p = r.broadcast(1.0 / 6227020800.0);
            p = p.lanewise(FMA, r, 1.0 / 479001600.0).lanewise(FMA, r, 1.0 / 39916800.0)
                    .lanewise(FMA, r, 1.0 / 3628800.0).lanewise(FMA, r, 1.0 / 362880.0).lanewise(FMA, r, 1.0 / 40320.0)
                    .lanewise(FMA, r, 1.0 / 5040.0).lanewise(FMA, r, 1.0 / 720.0).lanewise(FMA, r, 1.0 / 120.0)
                    .lanewise(FMA, r, 1.0 / 24.0).lanewise(FMA, r, 1.0 / 6.0).lanewise(FMA, r, 0.5)
                    .lanewise(FMA, r, 1.0).lanewise(FMA, r, 1.0);
            DoubleVector e = p.mul(shifted.reinterpretAsLongs().add(1023).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles());
            DoubleVector y = e.blend(1.0, v.compare(VectorOperators.GE, 0.0)).div(e.add(1.0));
            VectorMask<Double> decided = y.compare(VectorOperators.GE, Float.MIN_NORMAL)
                    .and(y.reinterpretAsLongs().and(RoundedFunctions.DROPPED_BITS).sub(RoundedFunctions.HALF_WAY).abs()
                            .compare(VectorOperators.GT, RoundedFunctions.MARGIN).cast(D));
            y.blend(Double.NaN, decided.not()).intoArray(t, i);
        }
    }
}
