package org.nonid.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The recurrent cells' exp, tanh and log(sigmoid) of float arrays, each equal to the bit to the
 * host's scalar function: {@code (float) Math.exp(x)}, {@link RoundedFunctions#tanh} and
 * {@link RoundedFunctions#logSigmoid}.
 */
public final class CellFunctions {
    private static final VectorSpecies<Double> D = DoubleLanes.D;

    private CellFunctions() {
    }

    /** {@code (float) Math.exp(x)}: e^x in double lanes. */
    public static final RoundedLaneFunction EXP = new RoundedLaneFunction() {
        @Override
        void lanes(double[] x, double[] y, int end) {
            System.arraycopy(x, 0, y, 0, end);
            DoubleLanes.exp(y, end);
        }

        @Override
        float exact(float x) {
            return (float) Math.exp(x);
        }
    };

    /**
     * {@link RoundedFunctions#tanh}: {@code 1 - 2 / (e^2|x| + 1)} with x's sign, from
     * {@link RoundedFunctions#TANH_SERIES_BOUND} up; below it (where that formula loses digits) the
     * scalar function's series.
     */
    public static final RoundedLaneFunction TANH = new RoundedLaneFunction() {
        @Override
        void lanes(double[] x, double[] y, int end) {
            for (int i = 0; i < end; i += D.length()) {
                DoubleVector.fromArray(D, x, i).abs().mul(2.0).intoArray(y, i);
            }
            DoubleLanes.exp(y, end);
            for (int i = 0; i < end; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, i);
                DoubleVector t = v.broadcast(1.0).sub(v.broadcast(2.0).div(DoubleVector.fromArray(D, y, i).add(1.0)));
                t.blend(t.neg(), v.compare(VectorOperators.LT, 0.0))
                        .blend(Double.NaN, v.abs().compare(VectorOperators.LT, RoundedFunctions.TANH_SERIES_BOUND))
                        .intoArray(y, i);
            }
        }

        @Override
        float exact(float x) {
            return RoundedFunctions.tanh(x);
        }
    };

    /** {@link RoundedFunctions#logSigmoid}: {@code -log1p(e^-|x|)}, less |x| below 0. */
    public static final RoundedLaneFunction LOG_SIGMOID = new RoundedLaneFunction() {
        @Override
        void lanes(double[] x, double[] y, int end) {
            for (int i = 0; i < end; i += D.length()) {
                DoubleVector.fromArray(D, x, i).abs().neg().intoArray(y, i);
            }
            DoubleLanes.exp(y, end);
            DoubleLanes.log1p(y, end);
            for (int i = 0; i < end; i += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, i);
                DoubleVector l = DoubleVector.fromArray(D, y, i);
                l.neg().blend(v.sub(l), v.compare(VectorOperators.LT, 0.0)).intoArray(y, i);
            }
        }

        @Override
        float exact(float x) {
            return RoundedFunctions.logSigmoid(x);
        }
    };
}
