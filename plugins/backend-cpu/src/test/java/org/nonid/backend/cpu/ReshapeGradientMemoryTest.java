package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * The backward step of {@code Graph.reshape} hands its gradient on to the reshaped node, which has
 * none yet, instead of copying it into a new one (xLSTM's head norms reshape activations of the
 * whole batch): the backward pass allocates and copies no more than without the reshape, and the
 * gradients are the same.
 */
class ReshapeGradientMemoryTest {
    private static final int ROWS = 4_096;
    private static final int WIDTH = 32;

    @Test
    void aReshapeCostsTheBackwardPassNoCopyOfItsGradient() {
        CpuBackend b = new CpuBackend(1);
        try {
            Run plain = run(b, false);
            Run reshaped = run(b, true);
            assertArrayEquals(plain.gradient, reshaped.gradient, "x's gradient through the reshape");
            assertEquals(plain.calls, reshaped.calls, "the backward pass's allocations and copies, with the reshape "
                    + "against without it");
        } finally {
            b.close();
        }
    }

    /** x's gradient and the backward pass's calls that allocate or copy, for {@code sum(w * scale(x))}, reshaped or not. */
    private static Run run(CpuBackend cpu, boolean reshape) {
        CountingBackend counting = new CountingBackend(cpu,
                name -> name.equals("empty") || name.equals("zeros") || name.startsWith("copy"));
        counting.count(false);
        ComputeBackend b = counting.backend();
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(5);
            Parameter x = ps.create("x", values(r, ROWS * WIDTH), ROWS, WIDTH);
            Tensor weights = b.upload(values(r, ROWS * WIDTH), ROWS * WIDTH);
            try (Graph g = new Graph(b, true)) {
                Node scaled = g.scale(g.parameter(x, ROWS, WIDTH), 0.5f);
                Node y = reshape ? g.reshape(scaled, 2 * ROWS, WIDTH / 2) : scaled;
                g.weightedSum(y, weights);
                counting.count(true);
                g.backward();
                counting.count(false);
            }
            b.release(weights);
            return new Run(b.download(x.gradient()), counting.calls());
        }
    }

    private record Run(float[] gradient, Map<String, Integer> calls) {
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }
}
