package org.nonid.backend.cpu;

import static org.nonid.kernels.host.RoundedFunctions.DROPPED_BITS;
import static org.nonid.kernels.host.RoundedFunctions.HALF_WAY;
import static org.nonid.kernels.host.RoundedFunctions.MARGIN;
import static org.nonid.kernels.host.RoundedFunctions.TANH_SERIES_BOUND;
import static jdk.incubator.vector.VectorOperators.FMA;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.Logistic;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The host kernels' sigmoid ({@link Logistic#sigmoid}) and tanh ({@link RoundedFunctions#tanh}) of
 * float arrays, to the bit, a vector of doubles at a time: the exponential from a polynomial in
 * double lanes (within a few ulps), the rest as the scalar functions compute it, and each lane
 * rounded to float under {@link RoundedFunctions}' rounding test; a lane the test does not decide
 * (about one in 2^16, or outside the normal floats, or tanh below {@code TANH_SERIES_BOUND}) takes
 * the scalar function. {@code bench/rounded-functions} checks all 2^32 floats through these.
 */
final class RoundedActivations {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as D has doubles. */
    private static final VectorSpecies<Float> F =
        VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /** Adding 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer held in its low bits. */
    private static final double SHIFTER = 0x1.8p52;
    private static final double LOG2E = 1.4426950408889634;
    /** ln 2 as a double, and the rest of it. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** Beyond this |t|, e^t is outside the normal doubles that 2^n times the series can make. */
    private static final double EXP_BOUND = 700;
    private RoundedActivations() {
    }

    /** {@code out[i] = Logistic.sigmoid(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    static void sigmoid(float[] x, float[] out, int from, int to) {
        activate(false, x, out, from, to);
    }

    /** {@code out[i] = RoundedFunctions.tanh(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    static void tanh(float[] x, float[] out, int from, int to) {
        activate(true, x, out, from, to);
    }

    /**
     * Sigmoid or tanh; one loop for both, because a method taking or returning a vector gets it
     * boxed when the JIT leaves the method out of line ({@code VectorCodeRulesTest}). The exponential
     * is {@code 2^n e^r} with n = round(t / ln 2), r = t - n ln 2 in two parts and e^r by its series
     * to r^13, within a few ulps for |t| up to {@link #EXP_BOUND} (t is clamped there). The rounding
     * test is {@link RoundedFunctions#decides} in each lane.
     */
    private static void activate(boolean tanh, float[] x, float[] out, int from, int to) {
        int i = from;
        for (int end = from + D.loopBound(to - from); i < end; i += D.length()) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector a = v.abs();
            DoubleVector t = (tanh ? a.add(a) : a.neg()).max(-EXP_BOUND).min(EXP_BOUND);
            DoubleVector shifted = t.lanewise(FMA, LOG2E, SHIFTER);
            DoubleVector n = shifted.sub(SHIFTER);
            DoubleVector r = n.lanewise(FMA, -LN2_LO, n.lanewise(FMA, -LN2_HI, t));
            DoubleVector p = r.broadcast(1.0 / 6227020800.0);
            p = p.lanewise(FMA, r, 1.0 / 479001600.0).lanewise(FMA, r, 1.0 / 39916800.0)
                    .lanewise(FMA, r, 1.0 / 3628800.0).lanewise(FMA, r, 1.0 / 362880.0).lanewise(FMA, r, 1.0 / 40320.0)
                    .lanewise(FMA, r, 1.0 / 5040.0).lanewise(FMA, r, 1.0 / 720.0).lanewise(FMA, r, 1.0 / 120.0)
                    .lanewise(FMA, r, 1.0 / 24.0).lanewise(FMA, r, 1.0 / 6.0).lanewise(FMA, r, 0.5)
                    .lanewise(FMA, r, 1.0).lanewise(FMA, r, 1.0);
            DoubleVector e = p.mul(shifted.reinterpretAsLongs().add(1023).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles());
            DoubleVector y;
            VectorMask<Double> computed;
            if (tanh) {
                DoubleVector magnitude = e.broadcast(1.0).sub(e.broadcast(2.0).div(e.add(1.0)));
                y = magnitude.blend(magnitude.neg(), v.compare(VectorOperators.LT, 0.0));
                computed = a.compare(VectorOperators.GE, TANH_SERIES_BOUND);
            } else {
                y = e.blend(1.0, v.compare(VectorOperators.GE, 0.0)).div(e.add(1.0));
                computed = D.maskAll(true);
            }
            DoubleVector magnitude = y.abs();
            VectorMask<Double> decided = computed
                    .and(magnitude.compare(VectorOperators.GE, Float.MIN_NORMAL))
                    .and(magnitude.compare(VectorOperators.LE, Float.MAX_VALUE))
                    .and(y.reinterpretAsLongs().and(DROPPED_BITS).sub(HALF_WAY).abs()
                            .compare(VectorOperators.GT, MARGIN).cast(D));
            FloatVector rounded = (FloatVector) y.convertShape(VectorOperators.D2F, F, 0);
            if (decided.allTrue()) {
                rounded.intoArray(out, i);
            } else {
                // the lanes decided only, so that x (which may be out) still holds the rest for the scalar
                rounded.intoArray(out, i, decided.cast(F));
                for (int lane = 0; lane < D.length(); lane++) {
                    if (!decided.laneIsSet(lane)) {
                        out[i + lane] = tanh ? RoundedFunctions.tanh(x[i + lane]) : Logistic.sigmoid(x[i + lane]);
                    }
                }
            }
        }
        for (; i < to; i++) {
            out[i] = tanh ? RoundedFunctions.tanh(x[i]) : Logistic.sigmoid(x[i]);
        }
    }
}
