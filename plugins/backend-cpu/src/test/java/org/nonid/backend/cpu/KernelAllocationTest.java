package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels allocate nothing once compiled: a boxed vector costs an allocation per use,
 * and at the models' sizes that is hundreds of megabytes of garbage a second.
 */
class KernelAllocationTest {
    private static final double SECONDS = 20;

    @Test
    void lstmCellAtP2SizeAllocatesNothing() {
        int rows = 128;
        int hidden = 64;
        SplittableRandom r = new SplittableRandom(3);
        float[] gates = values(r, rows * 4 * hidden);
        float[] cPrevious = values(r, rows * hidden);
        float[] h = new float[rows * hidden];
        float[] c = new float[rows * hidden];
        float[] saved = new float[rows * 5 * hidden];
        float[] dh = values(r, rows * hidden);
        float[] dGates = new float[rows * 4 * hidden];
        float[] dcPrevious = new float[rows * hidden];
        Runnable step = () -> {
            LstmKernels.forward(gates, null, hidden, h, c, saved, 0, rows);
            LstmKernels.forward(gates, cPrevious, hidden, h, c, saved, 0, rows);
            LstmKernels.backward(saved, cPrevious, dh, c, hidden, dGates, dcPrevious, 0, rows);
        };
        assertEquals(0, SteadyStateAllocation.leastBytesPerCall(step, 50, SECONDS), "bytes a call of the LSTM cell");
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
