package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.FeedForwardShape;
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
        // rows, in, hidden, out: P2's block (chunks of 64 rows, the transposed route for dW2), the
        // quickstart's, narrow hidden layers (the dot kernel), long sums cut into several pieces
        int[][] shapes = {{300, 10, 1024, 10}, {528, 32, 128, 32}, {77, 40, 12, 40}, {33, 7, 5, 3}, {130, 10, 400, 30},
            {9, 3, 37, 2}, {2100, 10, 64, 10}, {0, 4, 8, 4}};
        for (int[] s : shapes) {
            for (float p : new float[] {0f, 0.1f, 0.5f}) {
                for (boolean bias : new boolean[] {true, false}) {
                    if (!bias && p != 0.1f) {
                        continue;
                    }
                    checks.add(new NamedCheck("fused feed-forward " + s[0] + "x" + s[1] + "x" + s[2] + "x" + s[3] + " p "
                            + p + (bias ? "" : " no bias"), () -> sameAsUnfused(s[0], s[1], s[2], s[3], p, bias)));
                }
            }
        }
        for (AttentionShape a : new AttentionShape[] {new AttentionShape(3, 40, 5, 2), new AttentionShape(2, 17, 2, 8),
            new AttentionShape(1, 5, 1, 3)}) {
            for (boolean padded : new boolean[] {false, true}) {
                checks.add(new NamedCheck("recomputing attention backward " + a + (padded ? " padded" : ""),
                        () -> attentionSameAsSaved(a, padded)));
            }
        }
        for (float p : new float[] {0f, 0.3f}) {
            checks.add(new NamedCheck("fused feed-forward block through the graph, p " + p, () -> graphSameAsUnfused(p)));
        }
        for (float p : new float[] {0f, 0.3f}) {
            checks.add(new NamedCheck("fused feed-forward block through a graph that does not record, p " + p,
                    () -> inferenceSameAsUnfused(p)));
        }
        return checks;
    }

    /** The backward pass that makes the probabilities again against the one that reads them. */
    private void attentionSameAsSaved(AttentionShape shape, boolean padded) {
        SplittableRandom r = new SplittableRandom(seed * 19 + shape.hashCode() + (padded ? 1 : 0));
        float[] q = values(r, shape.rows() * 3 * shape.model());
        for (int i = 0; i < q.length; i++) {
            q[i] *= 3;
        }
        boolean[] pad = padded ? BackendConformance.keyPadding(r, shape, true) : null;
        float[] dOut = values(r, shape.rows() * shape.model());
        float[] start = values(r, q.length);
        Tensor qkv = up(q);
        Tensor out = b.empty(shape.rows() * shape.model());
        Tensor probs = b.empty((int) shape.probabilitySize());
        b.causalAttention(qkv, shape, pad, out, probs);
        Tensor dout = up(dOut);
        Tensor saved = up(start);
        b.causalAttentionBackward(qkv, probs, dout, shape, saved);
        Tensor recomputed = up(start);
        fused.recomputingAttentionBackward(qkv, pad, dout, shape, recomputed);
        Compare.sameBits("attention backward", b.download(saved), b.download(recomputed));
        for (Tensor t : new Tensor[] {qkv, out, probs, dout, saved, recomputed}) {
            b.release(t);
        }
    }

    /** Graph#feedForward against the same block composed of unfused operations: output and every gradient. */
    private void graphSameAsUnfused(float p) {
        // A hidden layer over the graph's 16 MiB limit for keeping intermediates, so that it runs fused.
        int rows = 4097;
        int in = 6;
        int hidden = 1024;
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
            Compare.sameBits("graph " + names[i], unfusedResult[i], fusedResult[i]);
        }
        b.release(projection);
    }

    /**
     * Graph#feedForward on a graph that does not record (decoding, evaluation) against the unfused
     * operations: a hidden layer too small to be left out of a training graph (256 x 1024, as in
     * decoding at P2's size) runs fused there.
     */
    private void inferenceSameAsUnfused(float p) {
        int rows = 256;
        int in = 10;
        int hidden = 1024;
        int out = 10;
        SplittableRandom r = new SplittableRandom(seed * 31 + Float.floatToIntBits(p));
        Tensor[] t = {up(values(r, rows * in)), up(values(r, in * hidden)), up(values(r, hidden)),
            up(values(r, hidden * out)), up(values(r, out))};
        long dropSeed = r.nextLong();
        float[] fusedOut;
        float[] unfusedOut;
        try (Graph g = new Graph(b, false)) {
            Node[] n = {g.constant(t[0], rows, in), g.constant(t[1], in, hidden), g.constant(t[2], 1, hidden),
                g.constant(t[3], hidden, out), g.constant(t[4], 1, out)};
            fusedOut = b.download(g.feedForward(n[0], n[1], n[2], n[3], n[4], p, dropSeed).value());
            unfusedOut = b.download(g.linear(g.dropout(g.relu(g.linear(n[0], n[1], n[2])), p, dropSeed), n[3], n[4])
                    .value());
        }
        Compare.sameBits("feed-forward without recording", unfusedOut, fusedOut);
        for (Tensor x : t) {
            b.release(x);
        }
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

    private void sameAsUnfused(int rows, int in, int hidden, int out, float p, boolean withBias) {
        SplittableRandom r = new SplittableRandom(seed * 131 + rows * 7L + in * 3L + hidden + Float.floatToIntBits(p));
        long dropSeed = r.nextLong();
        float[] xv = values(r, rows * in);
        float[] w1v = values(r, in * hidden);
        float[] b1v = withBias ? values(r, hidden) : null;
        float[] w2v = values(r, hidden * out);
        float[] b2v = withBias ? values(r, out) : null;
        float[] dyv = values(r, rows * out);
        for (int i = 0; i < dyv.length; i += 7) {
            dyv[i] = i % 2 == 0 ? 0f : -0f; // exact zeros of both signs among the output gradient
        }
        float[] dxStart = values(r, rows * in);
        float[][] gradStart = {values(r, in * hidden), values(r, hidden), values(r, hidden * out), values(r, out)};

        // unfused: the kernels the graph composes, forward then backward
        Tensor x = up(xv);
        Tensor w1 = up(w1v);
        Tensor b1 = b1v == null ? null : up(b1v);
        Tensor w2 = up(w2v);
        Tensor b2 = b2v == null ? null : up(b2v);
        Tensor pre = b.empty(rows * hidden);
        b.gemm(false, false, rows, hidden, in, 1f, x, w1, 0f, pre);
        if (b1 != null) {
            b.addRowVector(pre, rows, hidden, b1);
        }
        Tensor relu = b.empty(rows * hidden);
        b.relu(pre, relu);
        Tensor h = relu;
        Tensor mask = null;
        if (p > 0f) {
            h = b.empty(rows * hidden);
            mask = b.empty(rows * hidden);
            b.dropout(relu, p, dropSeed, h, mask);
        }
        Tensor y = b.empty(rows * out);
        b.gemm(false, false, rows, out, hidden, 1f, h, w2, 0f, y);
        if (b2 != null) {
            b.addRowVector(y, rows, out, b2);
        }
        Tensor dy = up(dyv);
        Tensor dh = b.empty(rows * hidden);
        b.gemm(false, true, rows, hidden, out, 1f, dy, w2, 0f, dh);
        Tensor dW2 = up(gradStart[2]);
        b.gemm(true, false, hidden, out, rows, 1f, h, dy, 1f, dW2);
        Tensor db2 = up(gradStart[3]);
        b.sumRows(dy, rows, out, db2, true);
        Tensor dRelu = dh;
        if (mask != null) {
            dRelu = b.zeros(rows * hidden);
            b.multiplyAccumulate(dh, mask, dRelu);
        }
        Tensor dPre = b.zeros(rows * hidden);
        b.reluBackward(relu, dRelu, dPre);
        Tensor dxOver = b.empty(rows * in);
        b.gemm(false, true, rows, in, hidden, 1f, dPre, w1, 0f, dxOver);
        Tensor dxAcc = up(dxStart);
        b.gemm(false, true, rows, in, hidden, 1f, dPre, w1, 1f, dxAcc);
        Tensor dW1 = up(gradStart[0]);
        b.gemm(true, false, in, hidden, rows, 1f, x, dPre, 1f, dW1);
        Tensor db1 = up(gradStart[1]);
        b.sumRows(dPre, rows, hidden, db1, true);

        // fused
        FeedForwardShape shape = new FeedForwardShape(rows, in, hidden, out);
        Tensor fy = b.empty(rows * out);
        b.fill(fy, Float.NaN);
        fused.feedForward(x, w1, b1, w2, b2, shape, p, dropSeed, fy, null);
        Compare.sameBits("forward", b.download(y), b.download(fy));
        Tensor kept = b.empty(rows * hidden);
        Tensor fyKept = b.empty(rows * out);
        fused.feedForward(x, w1, b1, w2, b2, shape, p, dropSeed, fyKept, kept);
        Compare.sameBits("forward keeping the hidden layer", b.download(y), b.download(fyKept));
        Compare.sameBits("kept hidden layer", b.download(h), b.download(kept));
        Tensor fdx = b.empty(rows * in);
        b.fill(fdx, Float.NaN);
        Tensor fdW1 = up(gradStart[0]);
        Tensor fdb1 = withBias ? up(gradStart[1]) : null;
        Tensor fdW2 = up(gradStart[2]);
        Tensor fdb2 = withBias ? up(gradStart[3]) : null;
        for (Tensor keptLayer : new Tensor[] {null, kept}) {
            String how = keptLayer == null ? " (hidden layer made again)" : " (hidden layer kept)";
            b.upload(gradStart[0], fdW1);
            b.upload(gradStart[2], fdW2);
            if (withBias) {
                b.upload(gradStart[1], fdb1);
                b.upload(gradStart[3], fdb2);
            }
            b.fill(fdx, Float.NaN);
            fused.feedForwardBackward(x, w1, b1, w2, shape, p, dropSeed, keptLayer, dy, fdx, true, fdW1, fdb1, fdW2, fdb2);
            Compare.sameBits("dx (overwritten)" + how, b.download(dxOver), b.download(fdx));
            Compare.sameBits("dW1" + how, b.download(dW1), b.download(fdW1));
            Compare.sameBits("dW2" + how, b.download(dW2), b.download(fdW2));
            if (withBias) {
                Compare.sameBits("db1" + how, b.download(db1), b.download(fdb1));
                Compare.sameBits("db2" + how, b.download(db2), b.download(fdb2));
            }
            Tensor fdxAcc = up(dxStart);
            fused.feedForwardBackward(x, w1, b1, w2, shape, p, dropSeed, keptLayer, dy, fdxAcc, false, null, null, null,
                    null);
            Compare.sameBits("dx (accumulated)" + how, b.download(dxAcc), b.download(fdxAcc));
            b.release(fdxAcc);
        }

        for (Tensor t : new Tensor[] {x, w1, b1, w2, b2, pre, relu, p > 0f ? h : null, mask, y, dy, dh, dW2, db2,
            dRelu != dh ? dRelu : null, dPre, dxOver, dxAcc, dW1, db1, fy, fdx, fdW1, fdb1, fdW2, fdb2, kept, fyKept}) {
            if (t != null) {
                b.release(t);
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
