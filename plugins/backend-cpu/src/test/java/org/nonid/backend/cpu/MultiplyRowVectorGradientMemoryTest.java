package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * The backward step of {@code Graph.multiplyRowVector} gives back the products it sums into the
 * vector's gradient as soon as it has summed them, not when the graph closes (xLSTM's skips and
 * head norms run it on activations of the whole batch).
 */
class MultiplyRowVectorGradientMemoryTest {
    private static final int ROWS = 4_096;
    private static final int WIDTH = 32;

    @Test
    void theVectorsGradientLeavesNoRowsByColumnsScratchBehind() {
        CpuBackend b = new CpuBackend(1);
        try (Parameters ps = new Parameters(b)) {
            SplittableRandom r = new SplittableRandom(5);
            Parameter x = ps.create("x", values(r, ROWS * WIDTH), ROWS, WIDTH);
            Parameter v = ps.create("v", values(r, WIDTH), WIDTH);
            Tensor weights = b.upload(values(r, ROWS * WIDTH), ROWS, WIDTH);
            long held;
            try (Graph g = new Graph(b, true)) {
                g.weightedSum(g.multiplyRowVector(g.parameter(x, ROWS, WIDTH), g.parameter(v)), weights);
                long beforeBackward = b.liveFloats();
                g.backward();
                held = b.liveFloats() - beforeBackward;
            }
            // the output's gradient (seeded by weightedSum before the backward pass) dies with the step; nothing else
            // of rows x columns may stay behind it
            assertTrue(held <= -(long) ROWS * WIDTH, "floats held after the backward pass, against before it: " + held
                    + " (the output's gradient given back is -" + ROWS * WIDTH + ")");
            b.release(weights);
        } finally {
            b.close();
        }
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }
}
