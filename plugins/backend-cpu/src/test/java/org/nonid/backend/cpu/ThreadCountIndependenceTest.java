package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/** Every kernel gives bit-identical results on one, two and three threads: runs reproduce on any machine. */
class ThreadCountIndependenceTest {
    private static final CpuBackend ONE = new CpuBackend(1);
    private static final CpuBackend TWO = new CpuBackend(2);
    private static final CpuBackend THREE = new CpuBackend(3);

    @AfterAll
    static void stop() {
        ONE.close();
        TWO.close();
        THREE.close();
    }

    private static float[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** Runs the same computation on both backends and compares the downloaded result bit for bit. */
    private static void same(String what, BiFunction<ComputeBackend, Integer, float[]> computation) {
        float[] a = computation.apply(ONE, 0);
        assertArrayEquals(a, computation.apply(TWO, 0), 0f, what + ", two threads");
        assertArrayEquals(a, computation.apply(THREE, 0), 0f, what + ", three threads");
    }

    @Test
    void gemmShapesOfSmallAndPaperModels() {
        int[][] shapes = {{528, 48, 16}, {528, 256, 16}, {528, 16, 256}, {16, 256, 528}, {256, 16, 528}, {2112, 5, 32},
            {1030, 30, 10}, {10, 1030, 4000}, {1030, 10, 4000}, {128, 1536, 2560}, {128, 2560, 1536}, {2560, 1536, 128}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    same("gemm " + s[0] + "x" + s[1] + "x" + s[2] + " " + ta + " " + tb, (b, x) -> {
                        Tensor a = b.upload(values(1, s[0] * s[2]), s[0] * s[2]);
                        Tensor bb = b.upload(values(2, s[2] * s[1]), s[2] * s[1]);
                        Tensor c = b.upload(values(3, s[0] * s[1]), s[0] * s[1]);
                        b.gemm(ta, tb, s[0], s[1], s[2], 0.7f, a, bb, 0.5f, c);
                        return b.download(c);
                    });
                }
            }
        }
    }

    @Test
    void elementwiseRowAndReductionKernels() {
        // sizes that cut the element-wise ranges off vector boundaries: scalar tails in the middle
        int rows = 2113;
        int cols = 101;
        int n = rows * cols;
        same("axpy", (b, x) -> {
            Tensor y = b.upload(values(5, n), n);
            b.axpy(0.3f, b.upload(values(4, n), n), y);
            return b.download(y);
        });
        same("multiplyAccumulate", (b, x) -> {
            Tensor o = b.upload(values(6, n), n);
            b.multiplyAccumulate(b.upload(values(4, n), n), b.upload(values(5, n), n), o);
            return b.download(o);
        });
        same("sumRows", (b, x) -> {
            Tensor o = b.upload(values(7, cols), cols);
            b.sumRows(b.upload(values(4, n), n), rows, cols, o, true);
            return b.download(o);
        });
        same("layerNormBackward", (b, x) -> {
            Tensor dx = b.zeros(n);
            Tensor dg = b.zeros(cols);
            Tensor db = b.zeros(cols);
            Tensor xs = b.upload(values(8, n), n);
            Tensor g = b.upload(values(9, cols), cols);
            Tensor mean = b.empty(rows);
            Tensor rstd = b.empty(rows);
            b.layerNorm(xs, g, b.upload(values(10, cols), cols), rows, cols, 1e-3f, b.empty(n), mean, rstd);
            b.layerNormBackward(b.upload(values(11, n), n), xs, g, mean, rstd, rows, cols, dx, dg, db);
            float[] all = new float[n + 2 * cols];
            System.arraycopy(b.download(dx), 0, all, 0, n);
            System.arraycopy(b.download(dg), 0, all, n, cols);
            System.arraycopy(b.download(db), 0, all, n + cols, cols);
            return all;
        });
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) {
            targets[i] = i % 7;
        }
        same("crossEntropy", (b, x) -> {
            Tensor g = b.empty(rows * 7);
            double loss = b.crossEntropy(b.upload(values(12, rows * 7), rows * 7), rows, 7, targets, null, g);
            float[] out = b.download(g);
            out[0] += (float) loss;
            return out;
        });
        same("dropout", (b, x) -> {
            Tensor o = b.empty(n);
            b.dropout(b.upload(values(13, n), n), 0.1f, 77L, o, b.empty(n));
            return b.download(o);
        });
        same("adamW", (b, x) -> {
            Tensor p = b.upload(values(14, n), n);
            Tensor v = b.upload(values(15, n), n);
            b.scale(v, 0f);
            b.adamW(p, b.upload(values(16, n), n), b.upload(values(17, n), n), v, new AdamWStep(1e-3f, 0.9f, 0.999f,
                    1e-8f, 0.01f, 2));
            return b.download(p);
        });
    }

    @Test
    void adamWStepsOnATensorThatIsNoWholeNumberOfVectors() {
        // An element in a vector's lanes and in a scalar tail is rounded differently by the
        // optimiser: the threads' chunks must cut where a single thread's vectors end.
        int n = 2113 * 101;
        same("adamW, five steps (parameters, then second moments)", (b, x) -> {
            Tensor p = b.upload(values(24, n), n);
            Tensor m = b.upload(values(25, n), n);
            float[] squares = values(26, n);
            for (int i = 0; i < n; i++) {
                squares[i] *= squares[i];
            }
            Tensor v = b.upload(squares, n);
            for (int step = 1; step <= 5; step++) {
                b.adamW(p, b.upload(values(26 + step, n), n), m, v, new AdamWStep(1e-3f, 0.9f, 0.98f, 1e-8f, 0.01f, step));
            }
            float[] both = new float[2 * n];
            System.arraycopy(b.download(p), 0, both, 0, n);
            System.arraycopy(b.download(v), 0, both, n, n);
            return both;
        });
    }

    @Test
    void sequenceElementwiseKernelsCutOffVectorBoundaries() {
        int n = 2113 * 101;
        same("sigmoid", (b, x) -> unary(b, n, (c, in, out) -> c.sigmoid(in, out)));
        same("tanh", (b, x) -> unary(b, n, (c, in, out) -> c.tanh(in, out)));
        same("exp", (b, x) -> unary(b, n, (c, in, out) -> c.exp(in, out)));
        same("softplus", (b, x) -> unary(b, n, (c, in, out) -> c.softplus(in, out)));
        same("silu", (b, x) -> unary(b, n, (c, in, out) -> c.silu(in, c.empty(n), out)));
        same("sigmoidBackward", (b, x) -> unary(b, n, (c, in, out) -> c.sigmoidBackward(in, c.upload(values(21, n), n), out)));
        same("tanhBackward", (b, x) -> unary(b, n, (c, in, out) -> c.tanhBackward(in, c.upload(values(22, n), n), out)));
        same("softplusBackward", (b, x) -> unary(b, n, (c, in, out) -> c.softplusBackward(in, c.upload(values(23, n), n), out)));
    }

    private interface UnaryCall {
        void run(CpuBackend backend, Tensor in, Tensor out);
    }

    private static float[] unary(ComputeBackend b, int n, UnaryCall call) {
        CpuBackend c = (CpuBackend) b;
        Tensor out = c.empty(n);
        call.run(c, c.upload(values(20, n), n), out);
        return c.download(out);
    }

    @Test
    void attentionForwardAndBackward() {
        AttentionShape s = new AttentionShape(16, 33, 2, 8);
        int qkvSize = s.rows() * 3 * s.model();
        same("attention", (b, x) -> {
            Tensor qkv = b.upload(values(20, qkvSize), qkvSize);
            Tensor out = b.empty(s.rows() * s.model());
            Tensor probs = b.empty((int) s.probabilitySize());
            b.causalAttention(qkv, s, null, out, probs);
            Tensor dq = b.zeros(qkvSize);
            b.causalAttentionBackward(qkv, probs, b.upload(values(21, s.rows() * s.model()), s.rows() * s.model()), s, dq);
            float[] o = b.download(out);
            float[] d = b.download(dq);
            float[] all = new float[o.length + d.length];
            System.arraycopy(o, 0, all, 0, o.length);
            System.arraycopy(d, 0, all, o.length, d.length);
            return all;
        });
        assertEquals(1, ONE.facts().get("threads").length());
    }
}
