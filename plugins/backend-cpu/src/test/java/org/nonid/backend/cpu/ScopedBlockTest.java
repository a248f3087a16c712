package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A scoped block (the last of a stack of recomputed blocks) keeps its intermediates from the
 * forward pass until its own backward step has run, then gives them back while the rest of the
 * backward pass runs; a graph closed without a backward pass gives them back too.
 */
class ScopedBlockTest {
    private static final int ROWS = 4_096;
    private static final int WIDTH = 16;

    @Test
    void theBlocksIntermediatesLiveUntilItsBackwardStepHasRun() {
        CpuBackend b = new CpuBackend(1);
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(9);
            Parameter u = ps.create("u", values(r, ROWS * WIDTH), ROWS, WIDTH);
            Parameter w1 = ps.create("w1", values(r, WIDTH * 24), WIDTH, 24);
            Parameter w2 = ps.create("w2", values(r, 24 * WIDTH), 24, WIDTH);
            BiFunction<Graph, Node, Node> block = (g, x) -> g.add(x,
                    g.linear(g.relu(g.linear(x, g.parameter(w1, WIDTH, 24), null)), g.parameter(w2, 24, WIDTH), null));
            Tensor weights = b.upload(values(r, ROWS * WIDTH), ROWS, WIDTH);
            long empty = b.liveFloats();
            long[] held = new long[3];
            try (Graph g = new Graph(b, true)) {
                Node x = g.scale(g.parameter(u, ROWS, WIDTH), 0.5f);
                long beforeBlock = b.liveFloats();
                Node y = g.scoped(x, block);
                held[0] = b.liveFloats() - beforeBlock;
                // the block's backward step runs last here (x's product is recorded before it): after it, the
                // gradients of y and x stay until their own steps, the block's intermediates are gone
                Node z = g.relu(y);
                g.weightedSum(z, weights);
                long beforeBackward = b.liveFloats();
                g.backward();
                held[1] = beforeBackward - b.liveFloats();
            }
            held[2] = b.liveFloats() - empty;
            long intermediates = (long) ROWS * 24 * 2; // the hidden layer before and after relu
            assertTrue(held[0] >= intermediates + (long) ROWS * WIDTH,
                    "after the forward pass the block holds its intermediates and output: " + held[0] + " floats");
            assertTrue(held[1] >= intermediates,
                    "the backward pass gave back the block's intermediates: " + held[1] + " floats fewer");
            assertEquals(0, held[2], "floats left after the graph closed");

            try (Graph g = new Graph(b, true)) {
                g.weightedSum(g.scoped(g.scale(g.parameter(u, ROWS, WIDTH), 0.5f), block), weights);
            }
            assertEquals(0, b.liveFloats() - empty, "floats left by a graph closed without its backward pass");
            b.release(weights);
        } finally {
            b.close();
        }
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
