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

    /** Each thread's buffers: the sLSTM cell calls the sigmoid once a time step, so it allocates nothing. */
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(() -> new Buffers(BLOCK));

    private RoundedSigmoid() {
    }

    /** {@code out[i] = Logistic.sigmoid(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    public static void sigmoid(float[] x, float[] out, int from, int to) {
        Buffers b = BUFFERS.get();
        for (int start = from; start < to; start += BLOCK) {
            block(x, start, Math.min(BLOCK, to - start), out, start, b);
        }
    }

    /** {@code dx[i] += dy[i] * Logistic.sigmoid(x[i])} for i in {@code [from, to)}, as the host's softplus backward. */
    public static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        Buffers b = BUFFERS.get();
        float[] s = new float[b.x.length];
        for (int start = from; start < to; start += BLOCK) {
            int count = Math.min(BLOCK, to - start);
            block(x, start, count, s, 0, b);
            for (int j = 0; j < count; j++) {
                dx[start + j] += dy[start + j] * s[j];
            }
        }
    }

    /** One block's x and e^-|x| (then the results) as doubles. */
    private static final class Buffers {
        final double[] x;
        final double[] y;

        Buffers(int size) {
            x = new double[size];
            y = new double[size];
        }
    }

    /** The sigmoid of {@code count} floats of x from {@code from} into out from {@code outAt}. */
    private static void block(float[] x, int from, int count, float[] out, int outAt, Buffers b) {
        for (int j = 0; j < count; j++) {
            double v = x[from + j];
            b.x[j] = v;
            b.y[j] = -Math.abs(v);
        }
        int vectorEnd = D.loopBound(count);
        DoubleLanes.exp(b.y, vectorEnd);
        quotients(b.x, b.y, vectorEnd);
        DoubleLanes.markUndecided(b.y, vectorEnd);
        for (int j = 0; j < vectorEnd; j++) {
            double y = b.y[j];
            out[outAt + j] = y == y ? (float) y : Logistic.sigmoid(x[from + j]);
        }
        for (int j = vectorEnd; j < count; j++) {
            out[outAt + j] = Logistic.sigmoid(x[from + j]);
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
