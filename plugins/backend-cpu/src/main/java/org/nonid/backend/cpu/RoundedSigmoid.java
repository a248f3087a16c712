package org.nonid.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.Logistic;

/**
 * The host kernels' sigmoid ({@link Logistic#sigmoid}) of float arrays, to the bit, in
 * {@link DoubleLanes}: e^-|x| within a few ulps, the quotient as the scalar function forms it, and
 * each result rounded to float where {@link DoubleLanes#markUndecided} decides it; the rest (about
 * one in 2^16, results below the normal floats, NaN) take the scalar function.
 * {@code bench/rounded-functions sigmoid} checks all 2^32 floats.
 */
public final class RoundedSigmoid {
    private static final VectorSpecies<Double> D = DoubleLanes.D;
    private static final int BLOCK = DoubleLanes.BLOCK;

    /** The sigmoid as a {@link RoundedLaneFunction}: e^-|x|, then the quotient. */
    static final RoundedLaneFunction SIGMOID = new RoundedLaneFunction() {
        @Override
        void lanes(double[] x, double[] y, int end) {
            for (int i = 0; i < end; i += D.length()) {
                DoubleVector.fromArray(D, x, i).abs().neg().intoArray(y, i);
            }
            DoubleLanes.exp(y, end);
            quotients(x, y, end);
        }

        @Override
        float exact(float x) {
            return Logistic.sigmoid(x);
        }
    };

    private RoundedSigmoid() {
    }

    /** {@code out[i] = Logistic.sigmoid(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    public static void sigmoid(float[] x, float[] out, int from, int to) {
        SIGMOID.apply(x, out, from, to);
    }

    /** {@code dx[i] += dy[i] * Logistic.sigmoid(x[i])} for i in {@code [from, to)}, as the host's softplus backward. */
    public static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        float[] s = new float[Math.min(BLOCK, to - from)];
        for (int start = from; start < to; start += BLOCK) {
            int count = Math.min(BLOCK, to - start);
            SIGMOID.apply(x, start, count, s, 0);
            for (int j = 0; j < count; j++) {
                dx[start + j] += dy[start + j] * s[j];
            }
        }
    }

    /** {@code e[i] = (x[i] >= 0 ? 1 : e[i]) / (1 + e[i])} for i in {@code [0, end)}, with e = e^-|x|. */
    private static void quotients(double[] x, double[] e, int end) {
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, e, i);
            v.blend(1.0, DoubleVector.fromArray(D, x, i).compare(VectorOperators.GE, 0.0)).div(v.add(1.0))
                    .intoArray(e, i);
        }
    }
}
