package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * Gradients of the autograd's operations on a backend against central finite differences of the
 * same backend's forward pass (float32, so step and tolerance are coarse but a wrong gradient
 * still misses them by far).
 */
public final class GradientChecks {
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 2e-2;

    private final ComputeBackend b;
    private final long seed;

    public GradientChecks(ComputeBackend backend, long seed) {
        this.b = backend;
        this.seed = seed;
    }

    /** One check per operation. */
    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck("grad linear", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("linear");
                Parameter x = ps.create("x", values(r, 6 * 5), 6, 5);
                Parameter w = ps.create("w", values(r, 5 * 20), 5, 20);
                Parameter bias = ps.create("b", values(r, 20), 20);
                Tensor proj = projection(r, 6 * 20);
                check("linear", ps, g -> g.weightedSum(g.linear(g.parameter(x, 6, 5), g.parameter(w, 5, 20),
                        g.parameter(bias)), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad add, relu, addRowVector", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("relu");
                Parameter x = ps.create("x", awayFromZero(values(r, 40)), 8, 5);
                Parameter y = ps.create("y", values(r, 40), 8, 5);
                Parameter v = ps.create("v", values(r, 5), 5);
                Tensor proj = projection(r, 40);
                check("add/relu", ps, g -> g.weightedSum(g.addRowVector(g.relu(g.add(g.parameter(x, 8, 5),
                        g.parameter(x, 8, 5))), g.parameter(v)), proj));
                check("add", ps, g -> g.weightedSum(g.add(g.parameter(x, 8, 5), g.parameter(y, 8, 5)), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad layerNorm", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("layerNorm");
                Parameter x = ps.create("x", values(r, 7 * 12), 7, 12);
                Parameter gamma = ps.create("gamma", values(r, 12), 12);
                Parameter beta = ps.create("beta", values(r, 12), 12);
                Tensor proj = projection(r, 7 * 12);
                check("layerNorm", ps, g -> g.weightedSum(g.layerNorm(g.parameter(x, 7, 12), g.parameter(gamma),
                        g.parameter(beta), 1e-3f), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad embedding", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("embedding");
                Parameter table = ps.create("table", values(r, 6 * 9), 6, 9);
                int[] ids = {1, 5, 5, 0, 2};
                Tensor proj = projection(r, ids.length * 9);
                check("embedding", ps, g -> g.weightedSum(g.embedding(g.parameter(table, 6, 9), ids, 1.7f), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad attention", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("attention");
                AttentionShape s = new AttentionShape(2, 9, 2, 3);
                Parameter qkv = ps.create("qkv", values(r, s.rows() * 3 * s.model()), s.rows(), 3 * s.model());
                boolean[] pad = new boolean[s.rows()];
                pad[7] = true;
                pad[8] = true;
                Tensor proj = projection(r, s.rows() * s.model());
                check("attention", ps, g -> g.weightedSum(g.causalSelfAttention(g.parameter(qkv, s.rows(),
                        3 * s.model()), s, pad), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad dropout", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("dropout");
                Parameter x = ps.create("x", values(r, 50), 5, 10);
                Tensor proj = projection(r, 50);
                check("dropout", ps, g -> g.weightedSum(g.dropout(g.parameter(x, 5, 10), 0.3f, 99L), proj));
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad of intermediate nodes (scale, multiply, multiplyRowVector, dropout, "
                + "concatColumns, reshape, add, stackTimeSteps)", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("intermediates");
                Parameter u = ps.create("u", values(r, 6 * 8), 6, 8);
                Parameter v = ps.create("v", values(r, 8), 8);
                Tensor proj = projection(r, 12 * 16);
                ToDoubleFunction<Graph> objective = g -> {
                    Node x = g.scale(g.parameter(u, 6, 8), 0.5f);
                    Node row = g.scale(g.parameter(v), 2f);
                    Node a = g.addRowVector(x, row);
                    Node d = g.dropout(g.multiplyRowVector(g.multiply(a, x), row), 0.25f, 7L);
                    Node wide = g.concatColumns(List.of(d, a));
                    return g.weightedSum(g.stackTimeSteps(List.of(g.reshape(wide, 6, 16), g.add(wide, wide))), proj);
                };
                // the second time the backend recycles arrays the first left behind: a backward step that
                // makes a gradient must write all of it, not add to what the array held
                check("intermediates", ps, objective);
                check("intermediates, recycled arrays", ps, objective);
                b.release(proj);
            }
        }));
        checks.add(new NamedCheck("grad crossEntropy", () -> {
            try (Parameters ps = new Parameters(b)) {
                SplittableRandom r = random("crossEntropy");
                Parameter logits = ps.create("logits", values(r, 9 * 5), 9, 5);
                int[] targets = {0, 4, 2, 2, 1, 3, 0, 4, 4};
                float[] weights = {1, 0.5f, 0, 2, 1, 1, 1, 0.25f, 1};
                check("crossEntropy", ps, g -> g.crossEntropy(g.parameter(logits, 9, 5), targets, weights));
            }
        }));
        checks.add(new NamedCheck("recomputing and scoped: a block made again in the backward pass, or run on a "
                + "graph of its own, gives the same values and gradients to the bit", () -> {
            for (boolean identity : new boolean[] {false, true}) {
                for (boolean inputUsedAfter : new boolean[] {false, true}) {
                    float[] plain = blockResults(BlockRun.PLAIN, identity, inputUsedAfter);
                    for (BlockRun run : new BlockRun[] {BlockRun.RECOMPUTING, BlockRun.SCOPED}) {
                        if (!java.util.Arrays.equals(plain, blockResults(run, identity, inputUsedAfter))) {
                            throw new AssertionError(run.name().toLowerCase(java.util.Locale.ROOT)
                                    + (identity ? " a block returning its input" : "")
                                    + (inputUsedAfter ? " (input also used after the block)" : "")
                                    + ": values or gradients differ from the block run once");
                        }
                    }
                }
            }
        }));
        checks.addAll(new SequenceGradientChecks(b, seed).checks());
        return checks;
    }

    /** How {@link #blockResults} runs its block: on the graph, {@link Graph#recomputing}, {@link Graph#scoped}. */
    private enum BlockRun { PLAIN, RECOMPUTING, SCOPED }

    /**
     * A residual block {@code x + relu(norm(x) W1 + b1) W2} (or, with {@code identity}, x itself)
     * over an input of 65,600 x 16 (above the size from which {@link Graph#recomputing} makes
     * blocks again), x itself a product, run as {@code run} says: the objective's value and every parameter's gradient, in
     * one array.
     */
    private float[] blockResults(BlockRun run, boolean identity, boolean inputUsedAfter) {
        int rows = 65_600;
        int width = 16;
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = random("recomputing");
            Parameter u = ps.create("u", values(r, rows * 4), rows, 4);
            Parameter w0 = ps.create("w0", values(r, 4 * width), 4, width);
            Parameter gamma = ps.create("gamma", values(r, width), width);
            Parameter beta = ps.create("beta", values(r, width), width);
            Parameter w1 = ps.create("w1", values(r, width * 24), width, 24);
            Parameter b1 = ps.create("b1", values(r, 24), 24);
            Parameter w2 = ps.create("w2", values(r, 24 * width), 24, width);
            Tensor proj = projection(r, rows * width);
            java.util.function.BiFunction<Graph, Node, Node> residual = (g, x) -> g.add(x, g.linear(g.relu(g.linear(
                    g.layerNorm(x, g.parameter(gamma), g.parameter(beta), 1e-5f), g.parameter(w1, width, 24),
                    g.parameter(b1))), g.parameter(w2, 24, width), null));
            java.util.function.BiFunction<Graph, Node, Node> block = identity ? (g, x) -> x : residual;
            ps.zeroGradients();
            double objective;
            try (Graph g = new Graph(b, true)) {
                Node x = g.linear(g.parameter(u, rows, 4), g.parameter(w0, 4, width), null);
                Node y = switch (run) {
                    case PLAIN -> block.apply(g, x);
                    case RECOMPUTING -> g.recomputing(x, block);
                    case SCOPED -> g.scoped(x, block);
                };
                objective = g.weightedSum(inputUsedAfter ? g.add(y, x) : y, proj);
                g.backward();
            }
            b.release(proj);
            List<float[]> parts = new ArrayList<>();
            parts.add(new float[] {(float) objective});
            for (Parameter p : ps.list()) {
                parts.add(b.download(p.gradient()));
            }
            int size = parts.stream().mapToInt(a -> a.length).sum();
            float[] all = new float[size];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }
    }

    /**
     * Checks every parameter's gradient of a scalar objective against central differences, on a
     * sample of its elements.
     *
     * @param objective builds the objective on a graph; when the graph records, it must seed the
     *                  backward pass (as {@link Graph#crossEntropy} and {@link Graph#weightedSum} do)
     */
    public void check(String what, Parameters ps, ToDoubleFunction<Graph> objective) {
        ps.zeroGradients();
        try (Graph g = new Graph(b, true)) {
            objective.applyAsDouble(g);
            g.backward();
        }
        SplittableRandom r = random(what);
        for (Parameter p : ps.list()) {
            float[] grad = b.download(p.gradient());
            float[] value = b.download(p.value());
            int samples = Math.min(value.length, 12);
            for (int s = 0; s < samples; s++) {
                int i = samples == value.length ? s : r.nextInt(value.length);
                float saved = value[i];
                float up = (float) (saved + STEP);
                float down = (float) (saved - STEP);
                value[i] = up;
                b.upload(value, p.value());
                double plus = evaluate(objective);
                value[i] = down;
                b.upload(value, p.value());
                double minus = evaluate(objective);
                value[i] = saved;
                b.upload(value, p.value());
                double numeric = (plus - minus) / ((double) up - down);
                double scale = Math.max(1.0, Math.abs(numeric));
                if (Double.isNaN(grad[i]) || Math.abs(grad[i] - numeric) > TOLERANCE * scale) {
                    throw new AssertionError(what + ": d/d " + p.name() + "[" + i + "] is " + grad[i]
                            + ", finite differences give " + numeric);
                }
            }
        }
    }

    private double evaluate(ToDoubleFunction<Graph> objective) {
        try (Graph g = new Graph(b, false)) {
            return objective.applyAsDouble(g);
        }
    }

    private SplittableRandom random(String what) {
        return new SplittableRandom(seed * 17 + what.hashCode());
    }

    private Tensor projection(SplittableRandom r, int n) {
        return b.upload(values(r, n), n);
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** Moves values out of the ReLU kink, so finite differences do not straddle it. */
    private static float[] awayFromZero(float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i]) < 0.1f) {
                v[i] = v[i] < 0 ? v[i] - 0.1f : v[i] + 0.1f;
            }
        }
        return v;
    }
}
