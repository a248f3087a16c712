package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A recomputed block's SiLUs form their sigmoids once: its forward pass keeps them until the
 * block's backward step, and the pass that makes the block again multiplies them by its inputs;
 * the gradients equal those of the block run without recomputing, to the bit, and nothing is left
 * once the graph closes.
 */
class RecomputedSilusTest {
    /** Over 2^20 inputs: the block is recomputed. */
    private static final int ROWS = 4_096;
    private static final int WIDTH = 320;

    @Test
    void aRecomputedBlocksSilusFormTheirSigmoidsOnce() {
        CpuBackend cpu = new CpuBackend(1);
        CountingBackend counting = new CountingBackend(cpu, "silu"::equals);
        ComputeBackend b = counting.backend();
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(23);
            Parameter u = ps.create("u", values(r, ROWS * WIDTH, 3f), ROWS, WIDTH);
            Parameter w = ps.create("w", values(r, WIDTH * 8, 0.2f), WIDTH, 8);
            Tensor weights = b.upload(values(r, ROWS * 8, 1f), ROWS, 8);
            // two SiLUs, the second of the first's product, so that sigmoids taken out of order show
            BiFunction<Graph, Node, Node> block = (g, x) -> {
                Node first = g.silu(x);
                Node second = g.silu(g.multiply(first, g.scale(x, -0.75f)));
                return g.linear(g.add(first, second), g.parameter(w, WIDTH, 8), null);
            };
            float[][] plain = gradients(b, ps, u, w, weights, (g, x) -> block.apply(g, x));
            long empty = cpu.liveFloats();

            counting.count(true);
            float[][] recomputed = gradients(b, ps, u, w, weights, (g, x) -> g.recomputing(x, block));
            assertEquals(Map.of("silu", 2), counting.calls(),
                    "sigmoids formed by a recomputed block of two SiLUs, forward and backward");
            assertArrayEquals(plain[0], recomputed[0], "the input's gradient");
            assertArrayEquals(plain[1], recomputed[1], "the weights' gradient");
            assertEquals(0, cpu.liveFloats() - empty, "floats left after the graph closed");
            b.release(weights);
        } finally {
            cpu.close();
        }
    }

    private static float[][] gradients(ComputeBackend b, Parameters ps, Parameter u, Parameter w, Tensor weights,
                                       BiFunction<Graph, Node, Node> run) {
        ps.zeroGradients();
        try (Graph g = new Graph(b, true)) {
            g.weightedSum(run.apply(g, g.scale(g.parameter(u, ROWS, WIDTH), 0.5f)), weights);
            g.backward();
        }
        float[][] out = {b.download(u.gradient()), b.download(w.gradient())};
        ps.zeroGradients();
        return out;
    }

    private static float[] values(SplittableRandom r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }
}
