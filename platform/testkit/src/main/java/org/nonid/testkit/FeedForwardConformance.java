package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.FeedForwardKernels;
import org.nonid.api.compute.Tensor;

/**
 * The fused feed-forward kernels of a backend that has them ({@link FeedForwardKernels}) against
 * the same backend's unfused kernels, bit for bit: training gives the same numbers whether or not
 * a backend fuses. Shapes cover both GEMM kernels (wide and narrow outputs), vector tails, no bias
 * and no dropout.
 */
public final class FeedForwardConformance {
    private final ComputeBackend b;
    private final FeedForwardKernels fused;
    private final long seed;

    public FeedForwardConformance(ComputeBackend backend, long seed) {
        if (!(backend instanceof FeedForwardKernels f)) {
            throw new IllegalArgumentException(backend.name() + " has no fused feed-forward kernels");
        }
        this.b = backend;
        this.fused = f;
        this.seed = seed;
    }

    /** One check per shape and rate; empty where the backend does not fuse. */
    public static List<NamedCheck> checksFor(ComputeBackend backend, long seed) {
        return backend instanceof FeedForwardKernels ? new FeedForwardConformance(backend, seed).checks() : List.of();
    }

    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        int[][] shapes = {{300, 10, 1024}, {77, 40, 12}, {33, 7, 5}, {130, 10, 400}, {9, 3, 37}};
        for (int[] s : shapes) {
            for (float p : new float[] {0f, 0.1f, 0.5f}) {
                for (boolean bias : new boolean[] {true, false}) {
                    if (!bias && p != 0.1f) {
                        continue;
                    }
                    checks.add(new NamedCheck("fused feed-forward " + s[0] + "x" + s[1] + "x" + s[2] + " p " + p
                            + (bias ? "" : " no bias"), () -> sameAsUnfused(s[0], s[1], s[2], p, bias)));
                }
            }
        }
        return checks;
    }

    private void sameAsUnfused(int rows, int in, int out, float p, boolean withBias) {
        SplittableRandom r = new SplittableRandom(seed * 131 + rows * 7L + in * 3L + out + Float.floatToIntBits(p));
        long dropSeed = r.nextLong();
        Tensor x = up(values(r, rows * in));
        Tensor w = up(values(r, in * out));
        Tensor bias = withBias ? up(values(r, out)) : null;

        Tensor y = b.empty(rows * out);
        b.gemm(false, false, rows, out, in, 1f, x, w, 0f, y);
        if (bias != null) {
            b.addRowVector(y, rows, out, bias);
        }
        Tensor relu = b.empty(rows * out);
        b.relu(y, relu);
        Tensor expected = relu;
        Tensor mask = null;
        if (p > 0f) {
            expected = b.empty(rows * out);
            mask = b.empty(rows * out);
            b.dropout(relu, p, dropSeed, expected, mask);
        }
        Tensor h = b.empty(rows * out);
        b.fill(h, Float.NaN);
        fused.linearReluDropout(x, w, bias, rows, in, out, p, dropSeed, h);
        float[] hv = b.download(h);
        sameBits("forward", b.download(expected), hv);

        float[] g = values(r, rows * out);
        for (int i = 0; i < g.length; i += 17) {
            g[i] = i % 2 == 0 ? 0f : -0f;
        }
        Tensor dh = up(g);
        Tensor dRelu = dh;
        if (mask != null) {
            dRelu = b.zeros(rows * out);
            b.multiplyAccumulate(dh, mask, dRelu);
        }
        Tensor dy = b.zeros(rows * out);
        b.reluBackward(relu, dRelu, dy);
        Tensor dx = b.empty(rows * out);
        b.fill(dx, Float.NaN);
        fused.reluDropoutBackward(h, dh, p, dx);
        sameBits("backward", b.download(dy), b.download(dx));
        fused.reluDropoutBackward(h, dh, p, dh);
        sameBits("backward in place", b.download(dy), b.download(dh));

        for (Tensor t : new Tensor[] {x, w, bias, y, relu, mask, h, dh, dx, dy, p > 0f ? expected : null,
            dRelu != dh ? dRelu : null}) {
            if (t != null) {
                b.release(t);
            }
        }
    }

    private static void sameBits(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError(what + " differs at " + i + ": fused " + actual[i] + ", unfused " + expected[i]);
            }
        }
    }

    private Tensor up(float[] v) {
        return b.upload(v, v.length);
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
