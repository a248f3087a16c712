package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.SequenceKernels;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * The checkpointed selective and mLSTM scans of a backend that has them ({@link CheckpointedScans})
 * against the same backend's plain scans, bit for bit: outputs, and gradients added into non-zero
 * starting values, for intervals of one step, a few steps, the whole sequence and more, with
 * channels that leave vector tails; and each scan through the graph, large enough that the graph
 * checkpoints it.
 */
public final class CheckpointedScanConformance {
    private final ComputeBackend b;
    private final CheckpointedScans checkpointed;
    private final long seed;

    public CheckpointedScanConformance(ComputeBackend backend, long seed) {
        if (!(backend instanceof CheckpointedScans c)) {
            throw new IllegalArgumentException(backend.name() + " has no checkpointed scans");
        }
        this.b = backend;
        this.checkpointed = c;
        this.seed = seed;
    }

    /** One check per shape and interval; empty where the backend has no checkpointed scans. */
    public static List<NamedCheck> checksFor(ComputeBackend backend, long seed) {
        return backend instanceof CheckpointedScans ? new CheckpointedScanConformance(backend, seed).checks() : List.of();
    }

    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        ScanShape[] shapes = {new ScanShape(3, 11, 19, 3), new ScanShape(2, 17, 32, 4), new ScanShape(1, 5, 3, 2)};
        for (ScanShape s : shapes) {
            for (int interval : new int[] {1, 3, 4, s.time(), s.time() + 5}) {
                checks.add(new NamedCheck("checkpointed selective scan " + s + " every " + interval,
                        () -> sameAsPlain(s, interval)));
            }
        }
        checks.add(new NamedCheck("checkpointed selective scan through the graph", this::graphSameAsPlain));
        AttentionShape[] heads = {new AttentionShape(3, 11, 2, 5), new AttentionShape(2, 17, 1, 16),
            new AttentionShape(1, 5, 3, 2)};
        for (AttentionShape s : heads) {
            for (int interval : new int[] {1, 3, 4, s.time(), s.time() + 5}) {
                checks.add(new NamedCheck("checkpointed mLSTM scan " + s + " every " + interval,
                        () -> mlstmSameAsPlain(s, interval)));
            }
        }
        checks.add(new NamedCheck("checkpointed mLSTM scan through the graph", this::mlstmGraphSameAsPlain));
        return checks;
    }

    /** Inputs of a scan: u, delta (positive), a (negative), b, c. */
    private float[][] inputs(ScanShape s, SplittableRandom r) {
        float[] u = values(r, s.rows() * s.channels(), 1f);
        float[] delta = values(r, u.length, 0.5f);
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.abs(delta[i]) + 0.05f;
        }
        float[] a = values(r, s.channels() * s.state(), 1f);
        for (int i = 0; i < a.length; i++) {
            a[i] = -Math.abs(a[i]) - 0.1f;
        }
        return new float[][] {u, delta, a, values(r, s.rows() * s.state(), 1f), values(r, s.rows() * s.state(), 1f)};
    }

    private void sameAsPlain(ScanShape s, int interval) {
        SplittableRandom r = new SplittableRandom(seed * 23 + s.hashCode() * 31L + interval);
        float[][] in = inputs(s, r);
        float[] dy = values(r, s.rows() * s.channels(), 1f);
        float[][] start = {values(r, in[0].length, 1f), values(r, in[1].length, 1f), values(r, in[2].length, 1f),
            values(r, in[3].length, 1f), values(r, in[4].length, 1f)};
        Tensor[] x = new Tensor[5];
        for (int i = 0; i < 5; i++) {
            x[i] = up(in[i]);
        }
        Tensor g = up(dy);
        Tensor y = b.empty(s.rows() * s.channels());
        Tensor states = b.empty((int) s.statesSize());
        b.selectiveScan(s, x[0], x[1], x[2], x[3], x[4], states, null, y);
        Tensor[] plain = gradients(start);
        b.selectiveScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, g, plain[0], plain[1], plain[2], plain[3],
                plain[4]);

        Tensor cy = b.empty(s.rows() * s.channels());
        Tensor kept = b.empty((int) CheckpointedScans.selectiveScanCheckpointsSize(s, interval));
        checkpointed.selectiveScanCheckpointed(s, x[0], x[1], x[2], x[3], x[4], interval, kept, cy);
        Tensor[] made = gradients(start);
        checkpointed.selectiveScanCheckpointedBackward(s, x[0], x[1], x[2], x[3], x[4], interval, kept, g, made[0],
                made[1], made[2], made[3], made[4]);
        Compare.sameBits("y", b.download(y), b.download(cy));
        String[] names = {"du", "ddelta", "da", "db", "dc"};
        for (int i = 0; i < 5; i++) {
            Compare.sameBits(names[i], b.download(plain[i]), b.download(made[i]));
        }
        for (Tensor t : new Tensor[] {g, y, states, cy, kept}) {
            b.release(t);
        }
        for (int i = 0; i < 5; i++) {
            b.release(x[i]);
            b.release(plain[i]);
            b.release(made[i]);
        }
    }

    private Tensor[] gradients(float[][] start) {
        Tensor[] out = new Tensor[start.length];
        for (int i = 0; i < start.length; i++) {
            out[i] = up(start[i]);
        }
        return out;
    }

    /** A scan over the graph's limit for keeping intermediates (so it is checkpointed) against the plain kernels. */
    private void graphSameAsPlain() {
        ScanShape s = new ScanShape(2, 300, 70, 100);
        SplittableRandom r = new SplittableRandom(seed * 29);
        float[][] in = inputs(s, r);
        float[] projection = values(r, s.rows() * s.channels(), 1f);
        float[][] graph = new float[6][];
        try (Parameters ps = new Parameters(b)) {
            Parameter u = ps.create("u", in[0], s.rows(), s.channels());
            Parameter delta = ps.create("delta", in[1], s.rows(), s.channels());
            Parameter a = ps.create("a", in[2], s.channels(), s.state());
            Parameter bm = ps.create("b", in[3], s.rows(), s.state());
            Parameter cm = ps.create("c", in[4], s.rows(), s.state());
            Tensor weights = up(projection);
            try (Graph g = new Graph(b, true)) {
                Node y = g.selectiveScan(s, g.parameter(u, s.rows(), s.channels()),
                        g.parameter(delta, s.rows(), s.channels()), g.parameter(a, s.channels(), s.state()),
                        g.parameter(bm, s.rows(), s.state()), g.parameter(cm, s.rows(), s.state()), null);
                graph[0] = b.download(y.value());
                g.weightedSum(y, weights);
                g.backward();
            }
            b.release(weights);
            Parameter[] all = {u, delta, a, bm, cm};
            for (int i = 0; i < 5; i++) {
                graph[i + 1] = b.download(all[i].gradient());
            }
        }
        Tensor[] x = new Tensor[5];
        for (int i = 0; i < 5; i++) {
            x[i] = up(in[i]);
        }
        Tensor y = b.empty(s.rows() * s.channels());
        Tensor states = b.empty((int) s.statesSize());
        b.selectiveScan(s, x[0], x[1], x[2], x[3], x[4], states, null, y);
        Tensor[] plain = gradients(new float[][] {new float[in[0].length], new float[in[1].length],
            new float[in[2].length], new float[in[3].length], new float[in[4].length]});
        Tensor dy = up(projection);
        b.selectiveScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, dy, plain[0], plain[1], plain[2], plain[3],
                plain[4]);
        Compare.sameBits("graph y", b.download(y), graph[0]);
        String[] names = {"du", "ddelta", "da", "db", "dc"};
        for (int i = 0; i < 5; i++) {
            Compare.sameBits("graph " + names[i], b.download(plain[i]), graph[i + 1]);
            b.release(x[i]);
            b.release(plain[i]);
        }
        for (Tensor t : new Tensor[] {y, states, dy}) {
            b.release(t);
        }
    }

    private Tensor up(float[] v) {
        return b.upload(v, v.length);
    }

    private static float[] values(SplittableRandom r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    /** q, k, v, iPre, fPre of an mLSTM scan (forget gates mostly open, input gates of both signs). */
    private float[][] mlstmInputs(AttentionShape s, SplittableRandom r) {
        int n = s.rows() * s.model();
        int gates = s.rows() * s.heads();
        float[] fPre = values(r, gates, 2f);
        for (int i = 0; i < gates; i++) {
            fPre[i] += 2f;
        }
        return new float[][] {values(r, n, 1f), values(r, n, 1f), values(r, n, 1f), values(r, gates, 2f), fPre};
    }

    private void mlstmSameAsPlain(AttentionShape s, int interval) {
        SplittableRandom r = new SplittableRandom(seed * 37 + s.hashCode() * 31L + interval);
        float[][] in = mlstmInputs(s, r);
        float[] dh = values(r, s.rows() * s.model(), 1f);
        float[][] start = {values(r, in[0].length, 1f), values(r, in[1].length, 1f), values(r, in[2].length, 1f),
            values(r, in[3].length, 1f), values(r, in[4].length, 1f)};
        Tensor[] x = new Tensor[5];
        for (int i = 0; i < 5; i++) {
            x[i] = up(in[i]);
        }
        Tensor g = up(dh);
        Tensor h = b.empty(s.rows() * s.model());
        Tensor states = b.empty((int) SequenceKernels.mlstmStatesSize(s));
        b.mlstmScan(s, x[0], x[1], x[2], x[3], x[4], states, null, h);
        Tensor[] plain = gradients(start);
        b.mlstmScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, g, plain[0], plain[1], plain[2], plain[3], plain[4]);

        Tensor ch = b.empty(s.rows() * s.model());
        Tensor kept = b.empty((int) CheckpointedScans.mlstmCheckpointsSize(s, interval));
        checkpointed.mlstmScanCheckpointed(s, x[0], x[1], x[2], x[3], x[4], interval, kept, ch);
        Tensor[] made = gradients(start);
        checkpointed.mlstmScanCheckpointedBackward(s, x[0], x[1], x[2], x[3], x[4], interval, kept, g, made[0],
                made[1], made[2], made[3], made[4]);
        Compare.sameBits("h", b.download(h), b.download(ch));
        String[] names = {"dq", "dk", "dv", "diPre", "dfPre"};
        for (int i = 0; i < 5; i++) {
            Compare.sameBits(names[i], b.download(plain[i]), b.download(made[i]));
        }
        for (Tensor t : new Tensor[] {g, h, states, ch, kept}) {
            b.release(t);
        }
        for (int i = 0; i < 5; i++) {
            b.release(x[i]);
            b.release(plain[i]);
            b.release(made[i]);
        }
    }

    /** An mLSTM scan over the graph's limit for keeping intermediates (so it is checkpointed) against the plain kernels. */
    private void mlstmGraphSameAsPlain() {
        AttentionShape s = new AttentionShape(2, 300, 2, 64);
        SplittableRandom r = new SplittableRandom(seed * 41);
        float[][] in = mlstmInputs(s, r);
        float[] projection = values(r, s.rows() * s.model(), 1f);
        int[][] dims = {{s.rows(), s.model()}, {s.rows(), s.model()}, {s.rows(), s.model()}, {s.rows(), s.heads()},
            {s.rows(), s.heads()}};
        float[][] graph = new float[6][];
        try (Parameters ps = new Parameters(b)) {
            Parameter[] p = new Parameter[5];
            Node[] nodes = new Node[5];
            Tensor weights = up(projection);
            try (Graph g = new Graph(b, true)) {
                for (int i = 0; i < 5; i++) {
                    p[i] = ps.create("x" + i, in[i], dims[i][0], dims[i][1]);
                    nodes[i] = g.parameter(p[i], dims[i][0], dims[i][1]);
                }
                Node h = g.mlstm(s, nodes[0], nodes[1], nodes[2], nodes[3], nodes[4], null);
                graph[0] = b.download(h.value());
                g.weightedSum(h, weights);
                g.backward();
            }
            b.release(weights);
            for (int i = 0; i < 5; i++) {
                graph[i + 1] = b.download(p[i].gradient());
            }
        }
        Tensor[] x = new Tensor[5];
        for (int i = 0; i < 5; i++) {
            x[i] = up(in[i]);
        }
        Tensor h = b.empty(s.rows() * s.model());
        Tensor states = b.empty((int) SequenceKernels.mlstmStatesSize(s));
        b.mlstmScan(s, x[0], x[1], x[2], x[3], x[4], states, null, h);
        Tensor[] plain = gradients(new float[][] {new float[in[0].length], new float[in[1].length],
            new float[in[2].length], new float[in[3].length], new float[in[4].length]});
        Tensor dh = up(projection);
        b.mlstmScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, dh, plain[0], plain[1], plain[2], plain[3],
                plain[4]);
        Compare.sameBits("graph h", b.download(h), graph[0]);
        String[] names = {"dq", "dk", "dv", "diPre", "dfPre"};
        for (int i = 0; i < 5; i++) {
            Compare.sameBits("graph " + names[i], b.download(plain[i]), graph[i + 1]);
            b.release(x[i]);
            b.release(plain[i]);
        }
        for (Tensor t : new Tensor[] {h, states, dh}) {
            b.release(t);
        }
    }
}
