package org.nonid.backend.cpu;

/**
 * A float function of float arrays, to the bit, computed in {@link DoubleLanes} within a few ulps
 * and rounded to float where {@link DoubleLanes#markUndecided} decides it; the other lanes (about
 * one in 2^16, results beyond the normal floats, NaN) and the tail past whole vectors take the
 * scalar function it equals. {@code bench/rounded-functions} checks all 2^32 floats.
 */
public abstract class RoundedLaneFunction {
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
            for (int j = 0; j < n; j++) {
                xd[j] = x[in + j];
            }
            int vectorEnd = DoubleLanes.D.loopBound(n);
            lanes(xd, y, vectorEnd);
            boolean undecided = DoubleLanes.markUndecided(y, vectorEnd);
            for (int j = 0; j < vectorEnd; j++) {
                out[at + j] = (float) y[j];
            }
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
}
