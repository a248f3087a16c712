package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SiLU and its backward pass, one pass over memory each, to the bit as the kernels they stand for:
 * the rounded sigmoid then the product (forward); the product's backward pass into x and the
 * sigmoid's (backward), with the same roundings in the same order (a fused multiply-add where
 * {@code multiplyAccumulate} has one, none in the sigmoid's term).
 */
final class Silu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements whose sigmoid is still in the first-level cache when the product reads it. */
    private static final int BLOCK = 2048;

    private Silu() {
    }

    /** {@code s = sigmoid(x)}, {@code y = x * s} over {@code [from, to)}. */
    static void forward(float[] x, float[] s, float[] y, int from, int to) {
        for (int lo = from; lo < to; lo += BLOCK) {
            int hi = Math.min(to, lo + BLOCK);
            RoundedSigmoid.sigmoid(x, s, lo, hi);
            Elementwise.multiply(x, s, y, lo, hi);
        }
    }

    /**
     * {@code dx = (accumulate ? fma(dy, s, dx) : dy * s) + ((dy * x) * s) * (1 - s)} over
     * {@code [from, to)}.
     */
    static void backward(float[] x, float[] s, float[] dy, float[] dx, boolean accumulate, int from, int to) {
        int i = from;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i + L <= to; i += L) {
            FloatVector sv = FloatVector.fromArray(S, s, i);
            FloatVector g = FloatVector.fromArray(S, dy, i);
            FloatVector through = accumulate ? g.fma(sv, FloatVector.fromArray(S, dx, i)) : g.mul(sv);
            FloatVector ds = g.mul(FloatVector.fromArray(S, x, i));
            through.add(ds.mul(sv).mul(one.sub(sv))).intoArray(dx, i);
        }
        for (; i < to; i++) {
            float through = accumulate ? Math.fma(dy[i], s[i], dx[i]) : dy[i] * s[i];
            float ds = dy[i] * x[i];
            dx[i] = through + ds * s[i] * (1f - s[i]);
        }
    }
}
