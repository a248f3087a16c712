package org.nonid.backend.cpu;

import java.util.SplittableRandom;

/** Test inputs: floats uniform on [-1, 1) from a seeded stream. */
final class UniformValues {
    private UniformValues() {
    }

    static float[] of(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
