package org.nonid.backend.cpu;

import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;

/** Inputs and gradient accumulators for the mLSTM scan tests. */
final class MlstmTestValues {
    private MlstmTestValues() {
    }

    /** q, k, v (uniform in [-1, 1)) and the input and forget gates' pre-activations (in [-3, 3)), in that order. */
    static float[][] inputs(SplittableRandom r, AttentionShape s) {
        int n = s.rows() * s.model();
        return new float[][] {values(r, n, 1f), values(r, n, 1f), values(r, n, 1f), values(r, s.rows() * s.heads(), 3f),
            values(r, s.rows() * s.heads(), 3f)};
    }

    /** dq, dk, dv, di, df, starting from the same non-zero values (the scans accumulate). */
    static float[][] gradients(int rows, int model, int heads) {
        SplittableRandom r = new SplittableRandom(9);
        return new float[][] {values(r, rows * model, 0.1f), values(r, rows * model, 0.1f),
            values(r, rows * model, 0.1f), values(r, rows * heads, 0.1f), values(r, rows * heads, 0.1f)};
    }

    /** Uniform values in [-spread, spread). */
    static float[] values(SplittableRandom r, int size, float spread) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = spread * (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
