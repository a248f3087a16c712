package org.nonid.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.backend.cpu.CpuBackend;

/**
 * Single kernels of the cpu backend at the shapes the models produce, through the public backend
 * API: matrix products (GFLOP/s), layer norm and causal attention (forward and backward). Each
 * figure is the best of several repetitions after a warm-up, on random data.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... org.nonid.bench.KernelBench [THREADS]</pre>
 */
public final class KernelBench {
    /** transA, transB, m, n, k, and where the shape comes from. */
    private static final Object[][] PRODUCTS = {
        {false, false, 128, 256, 64, "LSTM P2: recurrent product"},
        {false, true, 128, 64, 256, "LSTM P2: its input gradient"},
        {true, false, 64, 256, 128, "LSTM P2: its weight gradient"},
        {false, false, 32896, 256, 64, "LSTM P2: input projection"},
        {true, false, 64, 256, 32896, "LSTM P2: its weight gradient"},
        {false, false, 32896, 1024, 10, "P2 Transformer: feed-forward up"},
        {false, true, 32896, 10, 1024, "P2 Transformer: its input gradient"},
        {false, false, 32896, 30, 10, "P2 Transformer: q, k, v"},
        {true, false, 10, 30, 32896, "P2 Transformer: their weight gradient"},
        {false, true, 32896, 10, 30, "P2 Transformer: their input gradient"},
        {true, false, 10, 10, 32896, "P2 Transformer: output projection's weight gradient"},
        {false, false, 1056, 128, 32, "architecture size: feed-forward up"},
        {true, false, 32, 96, 528, "architecture size: a weight gradient"},
        {false, false, 1056, 18, 64, "architecture size: Mamba's x projection"},
    };

    private KernelBench() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        SplittableRandom random = new SplittableRandom(1);
        CpuBackend backend = new CpuBackend(threads);
        try {
            System.out.printf("cpu backend, %d thread(s)%n", threads);
            System.out.printf("%-44s %-22s %10s %9s%n", "product", "op(A) op(B) m x n x k", "ms", "GFLOP/s");
            for (Object[] p : PRODUCTS) {
                product(backend, random, (boolean) p[0], (boolean) p[1], (int) p[2], (int) p[3], (int) p[4], (String) p[5]);
            }
            System.out.printf("%n%-44s %12s %12s%n", "layer norm (rows x cols)", "forward us", "backward us");
            for (int[] s : new int[][] {{4224, 16}, {1056, 32}, {1056, 64}, {32896, 10}, {32896, 128}, {131584, 64}}) {
                layerNorm(backend, random, s[0], s[1]);
            }
            System.out.printf("%n%-44s %12s %12s%n", "causal attention (batch, time, heads, width)", "forward us",
                    "backward us");
            for (int[] s : new int[][] {{16, 33, 4, 8}, {32, 33, 4, 8}, {128, 257, 5, 2}}) {
                attention(backend, random, new AttentionShape(s[0], s[1], s[2], s[3]));
            }
            System.out.printf("%n%-44s %12s %12s%n", "mLSTM scan, checkpointed (batch, time, heads, width)",
                    "forward us", "backward us");
            for (int[] s : new int[][] {{16, 33, 4, 16}, {128, 257, 4, 32}}) {
                mlstm(backend, random, new AttentionShape(s[0], s[1], s[2], s[3]));
            }
        } finally {
            backend.close();
        }
    }

    private static void product(ComputeBackend b, SplittableRandom r, boolean transA, boolean transB, int m, int n, int k,
                                String what) {
        Tensor a = b.upload(values(r, m * k), m * k);
        Tensor bm = b.upload(values(r, k * n), k * n);
        Tensor c = b.zeros(m * n);
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(5, Math.min(2000, 4e9 / flops));
        double best = best(reps, () -> b.gemm(transA, transB, m, n, k, 1f, a, bm, 0f, c));
        System.out.printf("%-44s %-22s %10.4f %9.1f%n", what, (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m
                + " x " + n + " x " + k, best * 1e3, flops / best / 1e9);
        b.release(a);
        b.release(bm);
        b.release(c);
    }

    private static void layerNorm(ComputeBackend b, SplittableRandom r, int rows, int cols) {
        Tensor x = b.upload(values(r, rows * cols), rows * cols);
        Tensor gamma = b.upload(values(r, cols), cols);
        Tensor beta = b.upload(values(r, cols), cols);
        Tensor out = b.zeros(rows * cols);
        Tensor mean = b.zeros(rows);
        Tensor rstd = b.zeros(rows);
        Tensor dy = b.upload(values(r, rows * cols), rows * cols);
        Tensor dx = b.zeros(rows * cols);
        Tensor dgamma = b.zeros(cols);
        Tensor dbeta = b.zeros(cols);
        int reps = (int) Math.max(20, Math.min(2000, 2e7 / ((double) rows * cols)));
        double forward = best(reps, () -> b.layerNorm(x, gamma, beta, rows, cols, 1e-5f, out, mean, rstd));
        double backward = best(reps, () -> b.layerNormBackward(dy, x, gamma, mean, rstd, rows, cols, dx, dgamma, dbeta));
        System.out.printf("%-44s %12.1f %12.1f%n", rows + " x " + cols, forward * 1e6, backward * 1e6);
        for (Tensor t : new Tensor[] {x, gamma, beta, out, mean, rstd, dy, dx, dgamma, dbeta}) {
            b.release(t);
        }
    }

    /**
     * As training calls it: with the probabilities kept for the backward pass where the graph keeps
     * them (up to 2^22 floats), else without, the backward pass making them again.
     */
    private static void attention(CpuBackend b, SplittableRandom r, AttentionShape s) {
        int qkvSize = s.rows() * 3 * s.model();
        Tensor qkv = b.upload(values(r, qkvSize), qkvSize);
        Tensor out = b.zeros(s.rows() * s.model());
        boolean kept = s.probabilitySize() <= 1L << 22;
        Tensor probs = kept ? b.zeros((int) s.probabilitySize()) : null;
        Tensor dout = b.upload(values(r, s.rows() * s.model()), s.rows() * s.model());
        Tensor dqkv = b.zeros(qkvSize);
        int reps = (int) Math.max(5, Math.min(2000, 2e7 / ((double) s.rows() * s.time())));
        double forward = best(reps, () -> b.causalAttention(qkv, s, null, out, probs));
        double backward = best(reps, () -> {
            if (kept) {
                b.causalAttentionBackward(qkv, probs, dout, s, dqkv);
            } else {
                b.recomputingAttentionBackward(qkv, null, dout, s, dqkv);
            }
        });
        System.out.printf("%-44s %12.1f %12.1f%n", s.batch() + ", " + s.time() + ", " + s.heads() + ", " + s.headDim()
                + (kept ? "" : " (recomputed)"), forward * 1e6, backward * 1e6);
        for (Tensor t : new Tensor[] {qkv, out, probs, dout, dqkv}) {
            if (t != null) {
                b.release(t);
            }
        }
    }

    /** The mLSTM scan of P2's xLSTM blocks (and the architecture comparison's), forward and backward. */
    private static void mlstm(CpuBackend b, SplittableRandom r, AttentionShape s) {
        int n = s.rows() * s.model();
        int gates = s.rows() * s.heads();
        Tensor[] in = {b.upload(values(r, n), n), b.upload(values(r, n), n), b.upload(values(r, n), n),
            b.upload(values(r, gates), gates), b.upload(values(r, gates), gates), b.upload(values(r, n), n)};
        Tensor h = b.zeros(n);
        Tensor[] grads = {b.zeros(n), b.zeros(n), b.zeros(n), b.zeros(gates), b.zeros(gates)};
        int interval = (int) Math.ceil(Math.sqrt(s.time()));
        Tensor kept = b.zeros((int) CheckpointedScans.mlstmCheckpointsSize(s, interval));
        int reps = (int) Math.max(3, Math.min(500, 2e6 / ((double) s.rows() * s.heads())));
        double forward = best(reps, () -> b.mlstmScanCheckpointed(s, in[0], in[1], in[2], in[3], in[4], interval, kept,
                h));
        double backward = best(reps, () -> b.mlstmScanCheckpointedBackward(s, in[0], in[1], in[2], in[3], in[4],
                interval, kept, in[5], grads[0], grads[1], grads[2], grads[3], grads[4]));
        System.out.printf("%-44s %12.1f %12.1f%n", s.batch() + ", " + s.time() + ", " + s.heads() + ", " + s.headDim(),
                forward * 1e6, backward * 1e6);
        for (Tensor t : in) {
            b.release(t);
        }
        for (Tensor t : grads) {
            b.release(t);
        }
        b.release(h);
        b.release(kept);
    }

    /** The best of {@code reps} timed runs after as many untimed ones, in seconds. */
    private static double best(int reps, Runnable work) {
        for (int i = 0; i < reps; i++) {
            work.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static float[] values(SplittableRandom r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
