package org.nonid.backend.cpu;

import static org.nonid.kernels.host.HostKernels.SOFTPLUS_LINEAR_FROM;

import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * The host kernels' softplus ({@link HostKernels#softplus}: x above 20, else
 * {@link RoundedFunctions#log1pExp}) of float arrays, to the bit, in {@link DoubleLanes}: e^x and
 * log(1 + e^x) within a few ulps, each result rounded to float where
 * {@link DoubleLanes#markUndecided} decides it; the rest (about one in 2^16, results below the
 * normal floats, NaN) take the scalar function. {@code bench/rounded-functions softplus} checks all
 * 2^32 floats.
 */
public final class RoundedSoftplus {
    private RoundedSoftplus() {
    }

    /** {@code out[i] = softplus(x[i])} for i in {@code [from, to)} as the host computes it; x and out may be one array. */
    public static void softplus(float[] x, float[] out, int from, int to) {
        double[] y = new double[Math.min(DoubleLanes.BLOCK, to - from)];
        for (int start = from; start < to; start += DoubleLanes.BLOCK) {
            int count = Math.min(DoubleLanes.BLOCK, to - start);
            for (int j = 0; j < count; j++) {
                y[j] = Math.min(x[start + j], SOFTPLUS_LINEAR_FROM);
            }
            int vectorEnd = DoubleLanes.D.loopBound(count);
            DoubleLanes.exp(y, vectorEnd);
            DoubleLanes.log1p(y, vectorEnd);
            DoubleLanes.markUndecided(y, vectorEnd);
            for (int j = 0; j < count; j++) {
                float v = x[start + j];
                double l = y[j];
                out[start + j] = v > SOFTPLUS_LINEAR_FROM ? v : j < vectorEnd && l == l ? (float) l : RoundedFunctions.log1pExp(v);
            }
        }
    }
}
