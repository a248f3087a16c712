package org.nonid.nn;

import java.util.SplittableRandom;

/** Initial values, drawn on the host from a seeded stream so that every backend starts equal. */
public final class Init {
    private Init() {
    }

    /** Uniform on [-bound, bound). */
    public static float[] uniform(SplittableRandom random, int size, double bound) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    /** Normal with mean 0. */
    public static float[] normal(SplittableRandom random, int size, double std) {
        float[] v = new float[size];
        for (int i = 0; i < size; i += 2) {
            // Box-Muller: two independent normals per pair of uniforms.
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1)) * std;
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < size) {
                v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return v;
    }

    /** A constant. */
    public static float[] constant(int size, float value) {
        float[] v = new float[size];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** Glorot/Xavier uniform: bound sqrt(6 / (fanIn + fanOut)). */
    public static float[] xavierUniform(SplittableRandom random, int fanIn, int fanOut) {
        return uniform(random, fanIn * fanOut, Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    /** The default of a dense layer in common frameworks: uniform with bound 1/sqrt(fanIn). */
    public static float[] fanInUniform(SplittableRandom random, int size, int fanIn) {
        return uniform(random, size, 1.0 / Math.sqrt(fanIn));
    }
}
