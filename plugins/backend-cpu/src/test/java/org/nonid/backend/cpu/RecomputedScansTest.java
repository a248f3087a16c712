package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A recomputed block's checkpointed mLSTM scans run once: its forward pass keeps their outputs
 * and checkpoints until the block's backward step, which takes them in order; the gradients equal
 * those of the block run without recomputing, to the bit, and nothing is left once the graph closes.
 */
class RecomputedScansTest {
    /** 16 sequences of 128 steps, 4 heads of 32: the scans keep checkpoints, not every state. */
    private static final AttentionShape SHAPE = new AttentionShape(16, 128, 4, 32);
    private static final int ROWS = SHAPE.rows();
    private static final int MODEL = SHAPE.model();
    private static final int HEADS = SHAPE.heads();
    /** q, k, v and both gates for the first scan, k, v and both gates for the second: over 2^20 inputs. */
    private static final int WIDTH = 5 * MODEL + 4 * HEADS;

    @Test
    void aRecomputedBlocksScansRunOnceAndGiveTheSameGradients() {
        CpuBackend b = new CpuBackend(1);
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(21);
            Parameter u = ps.create("u", values(r, ROWS * WIDTH, 1f), ROWS, WIDTH);
            Parameter w = ps.create("w", values(r, MODEL * 8, 0.2f), MODEL, 8);
            Tensor weights = b.upload(values(r, ROWS * 8, 1f), ROWS, 8);
            BiFunction<Graph, Node, Node> block = (g, x) -> {
                // two scans, the second reading the first's output, so taking them out of order shows
                Node h1 = g.mlstm(SHAPE, g.columns(x, 0, MODEL), g.columns(x, MODEL, MODEL),
                        g.columns(x, 2 * MODEL, MODEL), g.columns(x, 5 * MODEL, HEADS),
                        g.columns(x, 5 * MODEL + HEADS, HEADS), null);
                Node h2 = g.mlstm(SHAPE, h1, g.columns(x, 3 * MODEL, MODEL), g.columns(x, 4 * MODEL, MODEL),
                        g.columns(x, 5 * MODEL + 2 * HEADS, HEADS), g.columns(x, 5 * MODEL + 3 * HEADS, HEADS), null);
                return g.linear(g.add(h1, h2), g.parameter(w, MODEL, 8), null);
            };
            float[][] plain = gradients(b, ps, u, w, weights, (g, x) -> block.apply(g, x));
            long empty = b.liveFloats();

            int interval = (int) Math.ceil(Math.sqrt(SHAPE.time()));
            long keptPerScan = (long) ROWS * MODEL + CheckpointedScans.mlstmCheckpointsSize(SHAPE, interval);
            long held;
            try (Graph g = new Graph(b, true)) {
                Node x = g.scale(g.parameter(u, ROWS, WIDTH), 0.5f);
                long beforeBlock = b.liveFloats();
                Node y = g.recomputing(x, block);
                held = b.liveFloats() - beforeBlock;
                g.weightedSum(y, weights);
                g.backward();
            }
            float[][] recomputed = {b.download(u.gradient()), b.download(w.gradient())};
            assertTrue(held >= 2 * keptPerScan + ROWS * 8L && held < 2 * keptPerScan + 2L * ROWS * MODEL,
                    "after the forward pass the block holds its output and both scans' outputs and checkpoints ("
                            + (2 * keptPerScan) + " floats), nothing more: " + held);
            assertArrayEquals(plain[0], recomputed[0], "the input's gradient");
            assertArrayEquals(plain[1], recomputed[1], "the weights' gradient");
            assertEquals(0, b.liveFloats() - empty, "floats left after the graph closed");

            try (Graph g = new Graph(b, true)) {
                g.weightedSum(g.recomputing(g.scale(g.parameter(u, ROWS, WIDTH), 0.5f), block), weights);
            }
            assertEquals(0, b.liveFloats() - empty, "floats left by a graph closed without its backward pass");
            b.release(weights);
        } finally {
            b.close();
        }
    }

    /** The gradients of u and w from a fresh start, the block applied by {@code apply}. */
    private static float[][] gradients(CpuBackend b, Parameters ps, Parameter u, Parameter w, Tensor weights,
                                       BiFunction<Graph, Node, Node> apply) {
        ps.zeroGradients();
        try (Graph g = new Graph(b, true)) {
            g.weightedSum(apply.apply(g, g.scale(g.parameter(u, ROWS, WIDTH), 0.5f)), weights);
            g.backward();
        }
        float[][] out = {b.download(u.gradient()), b.download(w.gradient())};
        ps.zeroGradients();
        return out;
    }

    private static float[] values(SplittableRandom r, int n, float spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * spread);
        }
        return v;
    }
}
