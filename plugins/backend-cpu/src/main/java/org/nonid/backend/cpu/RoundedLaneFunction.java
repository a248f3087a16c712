package org.nonid.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float function of float arrays, to the bit, computed in {@link DoubleLanes} within a few ulps
 * and rounded to float where {@link DoubleLanes#markUndecided} decides it; the other lanes (about
 * one in 2^16, results beyond the normal floats, NaN) and the tail past whole vectors take the
 * scalar function it equals. {@code bench/rounded-functions} checks all 2^32 floats.
 */
public abstract class RoundedLaneFunction {
    private static final VectorSpecies<Double> D = DoubleLanes.D;
    /**
     * Floats of the doubles' shape, twice as many: a conversion takes or gives half of them (part 0).
     * The JIT converts between these two shapes in registers; a float shape of the doubles' lane
     * count, a second float shape in the process, it ran on boxed vectors.
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(D.vectorShape());
    /** Each thread's two blocks of doubles (arguments, results): cells call these once a time step, so they allocate nothing. */
    private static final ThreadLocal<double[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new double[][] {new double[DoubleLanes.BLOCK], new double[DoubleLanes.BLOCK]});

    /** {@code y[i] = f(x[i])} within a few ulps for i in {@code [0, end)}, a whole number of vectors; NaN where it cannot tell. */
    abstract void lanes(double[] x, double[] y, int end);

    /** The scalar function to equal. */
    abstract float exact(float x);

    /** {@code out[i] = exact(x[i])} for i in {@code [from, to)}; x and out may be one array. */
    public final void apply(float[] x, float[] out, int from, int to) {
        apply(x, from, to - from, out, from);
    }

    /**
     * {@code out[outAt + j] = exact(x[from + j])} for j in {@code [0, count)}; x and out may be one
     * array at the same offset.
     */
    final void apply(float[] x, int from, int count, float[] out, int outAt) {
        double[][] buffers = BUFFERS.get();
        double[] xd = buffers[0];
        double[] y = buffers[1];
        for (int done = 0; done < count; done += DoubleLanes.BLOCK) {
            int n = Math.min(DoubleLanes.BLOCK, count - done);
            int in = from + done;
            int at = outAt + done;
            int vectorEnd = D.loopBound(n);
            widen(x, in, n, xd, vectorEnd);
            lanes(xd, y, vectorEnd);
            boolean undecided = DoubleLanes.markUndecided(y, vectorEnd);
            narrow(y, vectorEnd, out, at);
            if (undecided) {
                // out may be x: xd still holds every argument exactly
                for (int j = 0; j < vectorEnd; j++) {
                    if (y[j] != y[j]) {
                        out[at + j] = exact((float) xd[j]);
                    }
                }
            }
            for (int j = vectorEnd; j < n; j++) {
                out[at + j] = exact(x[in + j]);
            }
        }
    }

    /**
     * {@code xd[j] = x[in + j]} for j in {@code [0, end)}: a float vector's lower half at a time, where
     * the whole vector lies among the block's n floats (the last ones one by one).
     */
    private static void widen(float[] x, int in, int n, double[] xd, int end) {
        int j = 0;
        for (; j + F.length() <= n && j < end; j += D.length()) {
            ((DoubleVector) FloatVector.fromArray(F, x, in + j).convertShape(VectorOperators.F2D, D, 0)).intoArray(xd, j);
        }
        for (; j < end; j++) {
            xd[j] = x[in + j];
        }
    }

    /**
     * {@code out[at + j] = (float) y[j]} for j in {@code [0, end)}: each vector of doubles stored as a
     * whole float vector whose upper half (zeros) the next one overwrites; the last vector's floats
     * one by one, so that nothing past {@code at + end} is written.
     */
    private static void narrow(double[] y, int end, float[] out, int at) {
        int j = 0;
        for (; j + F.length() <= end; j += D.length()) {
            ((FloatVector) DoubleVector.fromArray(D, y, j).convertShape(VectorOperators.D2F, F, 0)).intoArray(out, at + j);
        }
        for (; j < end; j++) {
            out[at + j] = (float) y[j];
        }
    }
}
