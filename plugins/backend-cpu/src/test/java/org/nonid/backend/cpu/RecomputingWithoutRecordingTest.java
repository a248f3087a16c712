package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A recomputed block (a checkpoint) in a graph that does not record, as in evaluation: the
 * block's intermediate tensors are released when it ends and only its output stays, as in a
 * recording graph's forward pass, so that evaluating a model needs no more memory than training
 * it; the output is the block's, to the bit.
 */
class RecomputingWithoutRecordingTest {
    private static final int ROWS = 65_600; // above the input size from which blocks are recomputed
    private static final int WIDTH = 16;

    @Test
    void onlyTheBlocksOutputStaysAndItIsTheBlocksValue() {
        CpuBackend b = new CpuBackend(1);
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(5);
            Parameter w1 = ps.create("w1", values(r, WIDTH * 24), WIDTH, 24);
            Parameter w2 = ps.create("w2", values(r, 24 * WIDTH), 24, WIDTH);
            BiFunction<Graph, Node, Node> block = (g, x) -> g.add(x,
                    g.linear(g.relu(g.linear(x, g.parameter(w1, WIDTH, 24), null)), g.parameter(w2, 24, WIDTH), null));
            Tensor input = b.upload(values(r, ROWS * WIDTH), ROWS, WIDTH);
            float[] direct;
            try (Graph g = new Graph(b, false)) {
                direct = b.download(block.apply(g, g.constant(input, ROWS, WIDTH)).value());
            }
            try (Graph g = new Graph(b, false)) {
                Node x = g.constant(input, ROWS, WIDTH);
                long before = b.liveFloats();
                Node y = g.recomputing(x, block);
                assertEquals((long) ROWS * WIDTH, b.liveFloats() - before,
                        "floats held after the block: its output only, not its intermediates");
                assertArrayEquals(direct, b.download(y.value()), "the recomputed block's output");
            }
            b.release(input);
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
