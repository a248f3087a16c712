package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ScanShape;

/**
 * The vector kernels allocate nothing once compiled: a boxed vector costs an allocation per use,
 * and at the models' sizes that is hundreds of megabytes of garbage a second.
 */
class KernelAllocationTest {
    private static final double SECONDS = 20;
    /** Bytes a call may allocate beyond a call on half the rows (a boxed vector a row is far more). */
    private static final long GROWTH = 256;

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

    @Test
    void attentionAtTheQuickstartSizeAllocatesNoMoreForMoreRows() {
        AttentionShape shape = new AttentionShape(16, 33, 4, 8);
        SplittableRandom r = new SplittableRandom(4);
        float[] qkv = values(r, shape.rows() * 3 * shape.model());
        float[] out = new float[shape.rows() * shape.model()];
        float[] dout = values(r, shape.rows() * shape.model());
        float[] dqkv = new float[qkv.length];
        boolean[] padding = new boolean[shape.batch() * shape.time()];
        assertGrowth("attention forward", pairs -> Attention.of(shape).forward(qkv, padding, out, null, 0, pairs), 8);
        assertGrowth("attention backward", pairs -> Attention.of(shape).backward(qkv, null, padding, dout, dqkv, 0, pairs), 8);
    }

    @Test
    void attentionCallsAllocateNothingOnceWarm() {
        AttentionShape shape = new AttentionShape(16, 33, 4, 8);
        SplittableRandom r = new SplittableRandom(7);
        float[] qkv = values(r, shape.rows() * 3 * shape.model());
        float[] out = new float[shape.rows() * shape.model()];
        float[] probs = new float[(int) shape.probabilitySize()];
        float[] dout = values(r, shape.rows() * shape.model());
        float[] dqkv = new float[qkv.length];
        Runnable step = () -> {
            Attention.of(shape).forward(qkv, null, out, probs, 0, 8);
            Attention.of(shape).backward(qkv, probs, null, dout, dqkv, 0, 8);
        };
        assertEquals(0, SteadyStateAllocation.leastBytesPerCall(step, 50, SECONDS), "bytes a call of attention");
    }

    @Test
    void productsThatTransposeAnOperandOrSumInRowsAllocateNoCopiesOnceWarm() {
        // an LSTM time step's products: B transposed into rows, B transposed for the dot kernel, A transposed
        SplittableRandom r = new SplittableRandom(11);
        int batch = 128;
        int hidden = 64;
        int width = 4 * hidden;
        float[] gates = values(r, batch * width);
        float[] weight = values(r, hidden * width);
        float[] narrow = values(r, 10 * width);
        float[] x = values(r, batch * hidden);
        float[] dx = new float[batch * hidden];
        float[] dxNarrow = new float[batch * 10];
        float[] dw = new float[hidden * width];
        try (Parallel parallel = new Parallel(1)) {
            Runnable step = () -> {
                Gemm.gemm(parallel, false, true, batch, hidden, width, 1f, gates, 0, weight, 0, 0f, dx, 0);
                Gemm.gemm(parallel, false, false, batch, 10, width, 1f, gates, 0, narrow, 0, 0f, dxNarrow, 0);
                Gemm.gemm(parallel, true, false, hidden, width, batch, 1f, x, 0, gates, 0, 1f, dw, 0);
            };
            // a few small objects a call (the pieces of work handed to the threads); a copy of an operand is kilobytes
            long bytes = SteadyStateAllocation.leastBytesPerCall(step, 50, SECONDS);
            assertTrue(bytes < 1024, "bytes three products allocate a call: " + bytes);
        }
    }

    @Test
    void layerNormAllocatesNoMoreForMoreRows() {
        int cols = 32;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = values(r, 256 * cols);
        float[] dy = values(r, 256 * cols);
        float[] gamma = values(r, cols);
        float[] beta = values(r, cols);
        float[] y = new float[x.length];
        float[] mean = new float[256];
        float[] rstd = new float[256];
        float[] dx = new float[x.length];
        float[] dgamma = new float[cols];
        float[] dbeta = new float[cols];
        assertGrowth("layer norm", rows -> LayerNormKernels.forward(x, gamma, beta, cols, 1e-5f, y, mean, rstd, 0, rows), 128);
        assertGrowth("layer norm backward", rows ->
                LayerNormKernels.backward(dy, x, gamma, mean, rstd, cols, dx, dgamma, dbeta, 0, rows), 128);
    }

    @Test
    void gemmKernelsAllocateNoMoreForMoreRows() {
        SplittableRandom r = new SplittableRandom(6);
        int k = 64;
        float[] a = values(r, 256 * k);
        float[] bt = values(r, 10 * k);
        float[] b = values(r, k * 128);
        float[] c = new float[256 * 128];
        assertGrowth("dot kernel", rows -> Gemm.dotKernel(256, 10, k, 1f, a, 0, bt, 0, c, 0, 0, rows), 128);
        assertGrowth("row kernels", rows -> Gemm.axpyKernel(128, k, 1f, a, 0, k, 1, b, 0, c, 0, 0, rows), 128);
    }

    @Test
    void selectiveScansAllocateNoMoreForMoreSequences() {
        int time = 33;
        int channels = 64;
        int n = 8;
        SplittableRandom r = new SplittableRandom(7);
        int rows = 2 * time;
        float[] u = values(r, rows * channels);
        float[] delta = positive(r, rows * channels);
        float[] a = values(r, channels * n);
        float[] bm = values(r, rows * n);
        float[] cm = values(r, rows * n);
        float[] states = new float[rows * n * channels];
        float[] y = new float[rows * channels];
        float[] dy = values(r, rows * channels);
        float[] du = new float[rows * channels];
        float[] ddelta = new float[rows * channels];
        float[] da = new float[channels * n];
        float[] db = new float[rows * n];
        float[] dc = new float[rows * n];
        assertGrowth("scan", batch -> Scans.forward(new ScanShape(batch, time, channels, n), 0, batch, u, delta, a, bm,
                cm, states, null, y), 2);
        assertGrowth("scan backward", batch -> Scans.backward(new ScanShape(batch, time, channels, n), u, delta, a, bm,
                cm, states, dy, du, ddelta, da, db, dc), 2);
    }

    /** Runs the kernel on {@code units} and half as many, and holds the difference to {@link #GROWTH}. */
    private static void assertGrowth(String kernel, java.util.function.IntConsumer run, int units) {
        long growth = SteadyStateAllocation.leastGrowth(() -> run.accept(units / 2), () -> run.accept(units), 20, GROWTH,
                SECONDS);
        assertTrue(growth <= GROWTH, kernel + ": " + growth + " more bytes a call for twice the rows");
    }

    private static float[] positive(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.01 + 0.1 * r.nextDouble());
        }
        return x;
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
