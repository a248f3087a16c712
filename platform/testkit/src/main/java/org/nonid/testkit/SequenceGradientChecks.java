package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/** Gradients of the autograd's sequence operations against finite differences (see {@link GradientChecks}). */
public final class SequenceGradientChecks {
    private final ComputeBackend b;
    private final long seed;
    private final GradientChecks checker;

    public SequenceGradientChecks(ComputeBackend backend, long seed) {
        this.b = backend;
        this.seed = seed;
        this.checker = new GradientChecks(backend, seed);
    }

    /** One check per operation. */
    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck("grad gates", () -> withProjection("gates", 6, 8, (ps, x, proj) -> {
            Parameter y = ps.create("y", values(random("gates y"), 48), 6, 8);
            checker.check("sigmoid*tanh", ps, g -> g.weightedSum(g.multiply(g.sigmoid(g.parameter(x, 6, 8)),
                    g.tanh(g.parameter(y, 6, 8))), proj));
            checker.check("gelu", ps, g -> g.weightedSum(g.gelu(g.parameter(y, 6, 8)), proj));
            checker.check("exp, softplus, silu, scale", ps, g -> g.weightedSum(g.add(g.exp(g.parameter(x, 6, 8)),
                    g.scale(g.silu(g.softplus(g.parameter(y, 6, 8))), -0.7f)), proj));
        })));
        checks.add(new NamedCheck("grad blocks", () -> withProjection("blocks", 6, 4, (ps, x, proj) -> {
            Parameter y = ps.create("y", values(random("blocks y"), 6 * 9), 6, 9);
            Parameter v = ps.create("v", values(random("blocks v"), 4), 4);
            checker.check("columns, concatColumns, multiplyRowVector", ps, g -> {
                Node wide = g.concatColumns(g.parameter(x, 6, 4), g.parameter(y, 6, 9));
                return g.weightedSum(g.multiplyRowVector(g.columns(wide, 3, 4), g.parameter(v)), proj);
            });
            checker.check("concatColumns of three parts", ps, g -> {
                Node narrow = g.parameter(x, 6, 4);
                Node wide = g.concatColumns(List.of(narrow, g.parameter(y, 6, 9), g.sigmoid(narrow)));
                return g.weightedSum(g.add(g.columns(wide, 2, 4), g.columns(wide, 12, 4)), proj);
            });
        })));
        checks.add(new NamedCheck("grad time steps", () -> withProjection("time", 3 * 5, 4, (ps, x, proj) -> {
            checker.check("timeStep and stackTimeSteps", ps, g -> {
                Node all = g.parameter(x, 15, 4);
                List<Node> steps = new ArrayList<>();
                for (int t = 4; t >= 0; t--) {
                    steps.add(g.sigmoid(g.timeStep(all, 3, 5, t)));
                }
                return g.weightedSum(g.stackTimeSteps(steps), proj);
            });
        })));
        checks.add(new NamedCheck("grad rmsNorm", () -> withProjection("rmsNorm", 7, 12, (ps, x, proj) -> {
            Parameter gamma = ps.create("gamma", values(random("rms gamma"), 12), 12);
            checker.check("rmsNorm", ps, g -> g.weightedSum(g.rmsNorm(g.parameter(x, 7, 12), g.parameter(gamma), 1e-5f),
                    proj));
        })));
        checks.add(new NamedCheck("grad causalConv", () -> withProjection("conv", 2 * 6, 5, (ps, x, proj) -> {
            Parameter w = ps.create("w", values(random("conv w"), 3 * 5), 3, 5);
            checker.check("causalConv", ps, g -> g.weightedSum(g.causalConv(g.parameter(x, 12, 5), g.parameter(w, 3, 5),
                    2, 6), proj));
        })));
        checks.add(new NamedCheck("grad selectiveScan", this::selectiveScan));
        checks.add(new NamedCheck("grad mlstm", this::mlstm));
        checks.add(new NamedCheck("grad slstmCell", this::slstm));
        checks.add(new NamedCheck("grad lstmCell", this::lstm));
        checks.add(new NamedCheck("grad blockDiagonal", () -> {
            blockDiagonal(8, 4, 4);
            blockDiagonal(3, 2, 5);
        }));
        return checks;
    }

    private void selectiveScan() {
        ScanShape s = new ScanShape(2, 6, 3, 4);
        SplittableRandom r = random("scan");
        try (Parameters ps = new Parameters(b)) {
            Parameter u = ps.create("u", values(r, s.rows() * 3), s.rows(), 3);
            Parameter delta = ps.create("delta", values(r, s.rows() * 3), s.rows(), 3);
            Parameter aLog = ps.create("aLog", values(r, 3 * 4), 3, 4);
            Parameter bm = ps.create("B", values(r, s.rows() * 4), s.rows(), 4);
            Parameter cm = ps.create("C", values(r, s.rows() * 4), s.rows(), 4);
            Tensor proj = b.upload(values(r, s.rows() * 3), s.rows() * 3);
            checker.check("selectiveScan", ps, g -> g.weightedSum(g.selectiveScan(s, g.parameter(u, s.rows(), 3),
                    g.softplus(g.parameter(delta, s.rows(), 3)), g.scale(g.exp(g.parameter(aLog, 3, 4)), -1f),
                    g.parameter(bm, s.rows(), 4), g.parameter(cm, s.rows(), 4), null), proj));
            b.release(proj);
        }
    }

    private void mlstm() {
        org.nonid.api.compute.AttentionShape s = new org.nonid.api.compute.AttentionShape(2, 5, 2, 3);
        SplittableRandom r = random("mlstm");
        try (Parameters ps = new Parameters(b)) {
            int rows = s.rows();
            int width = s.model();
            Parameter q = ps.create("q", values(r, rows * width), rows, width);
            Parameter k = ps.create("k", values(r, rows * width), rows, width);
            Parameter v = ps.create("v", values(r, rows * width), rows, width);
            Parameter ig = ps.create("iPre", values(r, rows * 2), rows, 2);
            Parameter fg = ps.create("fPre", values(r, rows * 2), rows, 2);
            Tensor proj = b.upload(values(r, rows * width), rows * width);
            checker.check("mlstm", ps, g -> g.weightedSum(g.mlstm(s, g.parameter(q, rows, width),
                    g.parameter(k, rows, width), g.parameter(v, rows, width), g.parameter(ig, rows, 2),
                    g.parameter(fg, rows, 2), null), proj));
            b.release(proj);
        }
    }

    private void slstm() {
        SplittableRandom r = random("slstm");
        try (Parameters ps = new Parameters(b)) {
            List<Parameter> raws = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                raws.add(ps.create("raw" + t, values(r, 2 * 16), 2, 16));
            }
            // only y: the carried c and n are stabilised (scaled by exp(-m)), y is not
            Tensor proj = b.upload(values(r, 2 * 4), 2 * 4);
            checker.check("slstmCell", ps, g -> {
                org.nonid.nn.SlstmState state = null;
                double total = 0;
                for (Parameter raw : raws) {
                    state = g.slstmCell(g.parameter(raw, 2, 16), state);
                    total += g.weightedSum(g.columns(state.packed(), 0, 4), proj);
                }
                return total;
            });
            b.release(proj);
        }
    }

    /** Three steps, with gradients reaching the gates through h at every step and through the last c. */
    private void lstm() {
        SplittableRandom r = random("lstm");
        int hidden = 19;
        try (Parameters ps = new Parameters(b)) {
            List<Parameter> gates = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                gates.add(ps.create("gates" + t, values(r, 2 * 4 * hidden), 2, 4 * hidden));
            }
            Tensor proj = b.upload(values(r, 2 * hidden), 2 * hidden);
            Tensor cellProj = b.upload(values(r, 2 * hidden), 2 * hidden);
            checker.check("lstmCell", ps, g -> {
                org.nonid.nn.LstmState state = null;
                double total = 0;
                for (Parameter p : gates) {
                    state = g.lstmCell(g.parameter(p, 2, 4 * hidden), state == null ? null : state.c());
                    total += g.weightedSum(state.h(), proj);
                }
                return total + g.weightedSum(state.c(), cellProj);
            });
            b.release(proj);
            b.release(cellProj);
        }
    }

    private void blockDiagonal(int blocks, int in, int out) {
        SplittableRandom r = random("blockDiagonal " + blocks);
        try (Parameters ps = new Parameters(b)) {
            Parameter x = ps.create("x", values(r, 5 * blocks * in), 5, blocks * in);
            Parameter w = ps.create("w", values(r, blocks * in * out), blocks * in, out);
            Tensor proj = b.upload(values(r, 5 * blocks * out), 5 * blocks * out);
            checker.check("blockDiagonal " + blocks + " blocks of " + in + "x" + out, ps, g -> g.weightedSum(
                    g.blockDiagonal(g.parameter(x, 5, blocks * in), g.parameter(w, blocks * in, out), blocks), proj));
            b.release(proj);
        }
    }

    private interface Body {
        void run(Parameters ps, Parameter x, Tensor projection);
    }

    /** Runs a check with a parameter x [rows, cols] and a random projection of the same size. */
    private void withProjection(String what, int rows, int cols, Body body) {
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = random(what);
            Parameter x = ps.create("x", values(r, rows * cols), rows, cols);
            Tensor proj = b.upload(values(r, rows * cols), rows * cols);
            body.run(ps, x, proj);
            b.release(proj);
        }
    }

    private SplittableRandom random(String what) {
        return new SplittableRandom(seed * 19 + what.hashCode());
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
