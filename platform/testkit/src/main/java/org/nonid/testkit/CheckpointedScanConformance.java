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

    /** The selective scan, plain (keeping every state) or checkpointed, as a {@link Scan}. */
    private Scan selective(ScanShape s, Integer interval) {
        return (x, y, owned) -> {
            if (interval == null) {
                Tensor states = owned(owned, b.empty((int) s.statesSize()));
                b.selectiveScan(s, x[0], x[1], x[2], x[3], x[4], states, null, y);
                return (dy, d) -> b.selectiveScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, dy, d[0], d[1], d[2],
                        d[3], d[4]);
            }
            Tensor kept = owned(owned, b.empty((int) CheckpointedScans.selectiveScanCheckpointsSize(s, interval)));
            checkpointed.selectiveScanCheckpointed(s, x[0], x[1], x[2], x[3], x[4], interval, kept, y);
            return (dy, d) -> checkpointed.selectiveScanCheckpointedBackward(s, x[0], x[1], x[2], x[3], x[4], interval,
                    kept, dy, d[0], d[1], d[2], d[3], d[4]);
        };
    }

    /** The mLSTM scan, plain (keeping every state) or checkpointed, as a {@link Scan}. */
    private Scan mlstm(AttentionShape s, Integer interval) {
        return (x, h, owned) -> {
            if (interval == null) {
                Tensor states = owned(owned, b.empty((int) SequenceKernels.mlstmStatesSize(s)));
                b.mlstmScan(s, x[0], x[1], x[2], x[3], x[4], states, null, h);
                return (dh, d) -> b.mlstmScanBackward(s, x[0], x[1], x[2], x[3], x[4], states, dh, d[0], d[1], d[2],
                        d[3], d[4]);
            }
            Tensor kept = owned(owned, b.empty((int) CheckpointedScans.mlstmCheckpointsSize(s, interval)));
            checkpointed.mlstmScanCheckpointed(s, x[0], x[1], x[2], x[3], x[4], interval, kept, h);
            return (dh, d) -> checkpointed.mlstmScanCheckpointedBackward(s, x[0], x[1], x[2], x[3], x[4], interval,
                    kept, dh, d[0], d[1], d[2], d[3], d[4]);
        };
    }

    /** A scan over five inputs: its forward pass, returning its backward pass. */
    private interface Scan {
        Backward forward(Tensor[] inputs, Tensor out, List<Tensor> owned);
    }

    /** The backward pass of a {@link Scan}: accumulates into the five inputs' gradients. */
    private interface Backward {
        void run(Tensor dOut, Tensor[] gradients);
    }

    private static Tensor owned(List<Tensor> owned, Tensor t) {
        owned.add(t);
        return t;
    }

    /**
     * The output of {@code scan} and the gradients it adds to {@code start} (for the output
     * gradient {@code dOut}), from inputs {@code in}, as host arrays: output first.
     */
    private float[][] run(Scan scan, float[][] in, int outSize, float[] dOut, float[][] start) {
        List<Tensor> owned = new ArrayList<>();
        Tensor[] x = new Tensor[in.length];
        Tensor[] d = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            x[i] = owned(owned, up(in[i]));
            d[i] = owned(owned, up(start[i]));
        }
        Tensor out = owned(owned, b.empty(outSize));
        Backward backward = scan.forward(x, out, owned);
        backward.run(owned(owned, up(dOut)), d);
        float[][] result = new float[in.length + 1][];
        result[0] = b.download(out);
        for (int i = 0; i < in.length; i++) {
            result[i + 1] = b.download(d[i]);
        }
        owned.forEach(b::release);
        return result;
    }

    private static void sameBits(String[] names, float[][] expected, float[][] actual) {
        for (int i = 0; i < names.length; i++) {
            Compare.sameBits(names[i], expected[i], actual[i]);
        }
    }

    private static final String[] SELECTIVE = {"y", "du", "ddelta", "da", "db", "dc"};
    private static final String[] MLSTM = {"h", "dq", "dk", "dv", "diPre", "dfPre"};

    private void sameAsPlain(ScanShape s, int interval) {
        SplittableRandom r = new SplittableRandom(seed * 23 + s.hashCode() * 31L + interval);
        float[][] in = inputs(s, r);
        float[] dy = values(r, s.rows() * s.channels(), 1f);
        float[][] start = starts(r, in);
        int outSize = s.rows() * s.channels();
        sameBits(SELECTIVE, run(selective(s, null), in, outSize, dy, start),
                run(selective(s, interval), in, outSize, dy, start));
    }

    private void mlstmSameAsPlain(AttentionShape s, int interval) {
        SplittableRandom r = new SplittableRandom(seed * 37 + s.hashCode() * 31L + interval);
        float[][] in = mlstmInputs(s, r);
        float[] dh = values(r, s.rows() * s.model(), 1f);
        float[][] start = starts(r, in);
        int outSize = s.rows() * s.model();
        sameBits(MLSTM, run(mlstm(s, null), in, outSize, dh, start), run(mlstm(s, interval), in, outSize, dh, start));
    }

    private static float[][] starts(SplittableRandom r, float[][] in) {
        float[][] start = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            start[i] = values(r, in[i].length, 1f);
        }
        return start;
    }

    /** A scan over the graph's limit for keeping intermediates (so it is checkpointed) against the plain kernels. */
    private void graphSameAsPlain() {
        ScanShape s = new ScanShape(2, 300, 70, 100);
        SplittableRandom r = new SplittableRandom(seed * 29);
        int[][] dims = {{s.rows(), s.channels()}, {s.rows(), s.channels()}, {s.channels(), s.state()},
            {s.rows(), s.state()}, {s.rows(), s.state()}};
        graphSameAsPlain(SELECTIVE, inputs(s, r), dims, values(r, s.rows() * s.channels(), 1f),
                (g, n) -> g.selectiveScan(s, n[0], n[1], n[2], n[3], n[4], null), selective(s, null));
    }

    private void mlstmGraphSameAsPlain() {
        AttentionShape s = new AttentionShape(2, 300, 2, 64);
        SplittableRandom r = new SplittableRandom(seed * 41);
        int[][] dims = {{s.rows(), s.model()}, {s.rows(), s.model()}, {s.rows(), s.model()}, {s.rows(), s.heads()},
            {s.rows(), s.heads()}};
        graphSameAsPlain(MLSTM, mlstmInputs(s, r), dims, values(r, s.rows() * s.model(), 1f),
                (g, n) -> g.mlstm(s, n[0], n[1], n[2], n[3], n[4], null), mlstm(s, null));
    }

    /** {@code op} through a recording graph (whose output is weighted by {@code projection}) against the plain scan. */
    private void graphSameAsPlain(String[] names, float[][] in, int[][] dims, float[] projection,
                                  java.util.function.BiFunction<Graph, Node[], Node> op, Scan plain) {
        float[][] graph = new float[in.length + 1][];
        try (Parameters ps = new Parameters(b)) {
            Parameter[] p = new Parameter[in.length];
            Node[] nodes = new Node[in.length];
            Tensor weights = up(projection);
            try (Graph g = new Graph(b, true)) {
                for (int i = 0; i < in.length; i++) {
                    p[i] = ps.create("x" + i, in[i], dims[i][0], dims[i][1]);
                    nodes[i] = g.parameter(p[i], dims[i][0], dims[i][1]);
                }
                Node out = op.apply(g, nodes);
                graph[0] = b.download(out.value());
                g.weightedSum(out, weights);
                g.backward();
            }
            b.release(weights);
            for (int i = 0; i < in.length; i++) {
                graph[i + 1] = b.download(p[i].gradient());
            }
        }
        float[][] zeros = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            zeros[i] = new float[in[i].length];
        }
        String[] graphNames = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            graphNames[i] = "graph " + names[i];
        }
        sameBits(graphNames, run(plain, in, projection.length, projection, zeros), graph);
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
}
