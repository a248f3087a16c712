package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.FusedKernels;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * The fused kernels of a backend that has them ({@link FusedKernels}) against the same backend's
 * unfused kernels, bit for bit: training gives the same numbers whether or not a backend fuses.
 * Shapes cover both GEMM kernels (wide and narrow outputs), vector tails, no bias and no dropout.
 */
public final class FusedKernelConformance {
    private final ComputeBackend b;
    private final FusedKernels fused;
    private final long seed;

    public FusedKernelConformance(ComputeBackend backend, long seed) {
        if (!(backend instanceof FusedKernels f)) {
            throw new IllegalArgumentException(backend.name() + " has no fused feed-forward kernels");
        }
        this.b = backend;
        this.fused = f;
        this.seed = seed;
    }

    /** One check per shape and rate; empty where the backend does not fuse. */
    public static List<NamedCheck> checksFor(ComputeBackend backend, long seed) {
        return backend instanceof FusedKernels ? new FusedKernelConformance(backend, seed).checks() : List.of();
    }

    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        // rows, in, hidden, out
        int[][] shapes = {{300, 10, 1024, 10}, {77, 40, 12, 40}, {33, 7, 5, 3}, {130, 10, 400, 30}, {9, 3, 37, 2}};
        for (int[] s : shapes) {
            for (float p : new float[] {0f, 0.1f, 0.5f}) {
                for (boolean bias : new boolean[] {true, false}) {
                    if (!bias && p != 0.1f) {
                        continue;
                    }
                    checks.add(new NamedCheck("fused feed-forward " + s[0] + "x" + s[1] + "x" + s[2] + " p " + p
                            + "x" + s[3] + (bias ? "" : " no bias"), () -> sameAsUnfused(s[0], s[1], s[2], s[3], p, bias)));
                }
            }
        }
        for (float p : new float[] {0f, 0.3f}) {
            checks.add(new NamedCheck("fused feed-forward block through the graph, p " + p, () -> graphSameAsUnfused(p)));
        }
        return checks;
    }

    /** Graph#feedForward against the same block composed of unfused operations: output and every gradient. */
    private void graphSameAsUnfused(float p) {
        int rows = 70;
        int in = 6;
        int hidden = 48;
        int out = 6;
        SplittableRandom r = new SplittableRandom(seed * 17 + Float.floatToIntBits(p));
        float[][] init = {values(r, rows * in), values(r, in * hidden), values(r, hidden), values(r, hidden * out),
            values(r, out)};
        Tensor projection = up(values(r, rows * out));
        long dropSeed = r.nextLong();
        float[][] fusedResult = blockGradients(init, rows, in, hidden, out, projection, (g, n) ->
                g.feedForward(n[0], n[1], n[2], n[3], n[4], p, dropSeed));
        float[][] unfusedResult = blockGradients(init, rows, in, hidden, out, projection, (g, n) ->
                g.linear(g.dropout(g.relu(g.linear(n[0], n[1], n[2])), p, dropSeed), n[3], n[4]));
        String[] names = {"output", "dx", "dW1", "db1", "dW2", "db2"};
        for (int i = 0; i < names.length; i++) {
            sameBits("graph " + names[i], unfusedResult[i], fusedResult[i]);
        }
        b.release(projection);
    }

    /** The block's output and the gradients of x, W1, b1, W2, b2 of {@code weightedSum(block, projection)}. */
    private float[][] blockGradients(float[][] init, int rows, int in, int hidden, int out, Tensor projection,
                                     java.util.function.BiFunction<Graph, Node[], Node> block) {
        try (Parameters ps = new Parameters(b)) {
            Parameter x = ps.create("x", init[0], rows, in);
            Parameter w1 = ps.create("w1", init[1], in, hidden);
            Parameter b1 = ps.create("b1", init[2], hidden);
            Parameter w2 = ps.create("w2", init[3], hidden, out);
            Parameter b2 = ps.create("b2", init[4], out);
            float[] output;
            try (Graph g = new Graph(b, true)) {
                Node y = block.apply(g, new Node[] {g.parameter(x, rows, in), g.parameter(w1, in, hidden),
                    g.parameter(b1), g.parameter(w2, hidden, out), g.parameter(b2)});
                output = b.download(y.value());
                g.weightedSum(y, projection);
                g.backward();
            }
            return new float[][] {output, b.download(x.gradient()), b.download(w1.gradient()), b.download(b1.gradient()),
                b.download(w2.gradient()), b.download(b2.gradient())};
        }
    }

    private void sameAsUnfused(int rows, int in, int out, int next, float p, boolean withBias) {
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

        // backward from the gradient at h W2, with exact zeros of both signs among it
        float[] g = values(r, rows * next);
        for (int i = 0; i < g.length; i += 7) {
            g[i] = i % 2 == 0 ? 0f : -0f;
        }
        Tensor dOut = up(g);
        Tensor w2 = up(values(r, out * next));
        Tensor dh = b.empty(rows * out);
        b.gemm(false, true, rows, out, next, 1f, dOut, w2, 0f, dh);
        Tensor dRelu = dh;
        if (mask != null) {
            dRelu = b.zeros(rows * out);
            b.multiplyAccumulate(dh, mask, dRelu);
        }
        Tensor dy = b.zeros(rows * out);
        b.reluBackward(relu, dRelu, dy);
        Tensor dPre = b.empty(rows * out);
        b.fill(dPre, Float.NaN);
        fused.linearReluDropoutBackward(h, dOut, w2, rows, out, next, p, dPre);
        sameBits("backward", b.download(dy), b.download(dPre));

        for (Tensor t : new Tensor[] {x, w, bias, y, relu, mask, h, dOut, w2, dh, dPre, dy, p > 0f ? expected : null,
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
