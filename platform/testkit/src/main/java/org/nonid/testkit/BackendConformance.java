package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/**
 * Every kernel of a {@link ComputeBackend} against {@link ReferenceKernels} on seeded random
 * inputs, over shapes that exercise vector tails, narrow and wide outputs and long sums.
 */
public final class BackendConformance {
    private static final double TOL = 2e-4;

    private final ComputeBackend b;
    private final long seed;

    public BackendConformance(ComputeBackend backend, long seed) {
        this.b = backend;
        this.seed = seed;
    }

    /** All kernel checks. */
    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck("memory", this::memory));
        int[][] shapes = {{1, 1, 1}, {5, 7, 3}, {33, 17, 16}, {64, 96, 32}, {37, 5, 64}, {8, 130, 300}, {130, 10, 400},
            {21, 33, 2}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    checks.add(new NamedCheck("gemm " + s[0] + "x" + s[1] + "x" + s[2] + (ta ? " A^T" : "") + (tb ? " B^T" : ""),
                            () -> gemm(ta, tb, s[0], s[1], s[2])));
                }
            }
        }
        checks.add(new NamedCheck("batchedGemm", this::batchedGemm));
        checks.add(new NamedCheck("gemm on blocks", this::blockGemm));
        checks.add(new NamedCheck("elementwise", this::elementwise));
        checks.add(new NamedCheck("rowVector", this::rowVector));
        checks.add(new NamedCheck("relu", this::relu));
        checks.add(new NamedCheck("softmax", this::softmax));
        checks.add(new NamedCheck("layerNorm", this::layerNorm));
        checks.add(new NamedCheck("embedding", this::embedding));
        checks.add(new NamedCheck("crossEntropy", this::crossEntropy));
        checks.add(new NamedCheck("attention 2x5 h1 d3", () -> attention(new AttentionShape(2, 5, 1, 3), false)));
        checks.add(new NamedCheck("attention 3x33 h4 d8 padded", () -> attention(new AttentionShape(3, 33, 4, 8), true)));
        checks.add(new NamedCheck("attention 1x40 h5 d2", () -> attention(new AttentionShape(1, 40, 5, 2), false)));
        checks.add(new NamedCheck("cachedAttention", this::cachedAttention));
        checks.add(new NamedCheck("dropout", this::dropout));
        checks.add(new NamedCheck("adamW", this::adamW));
        checks.add(new NamedCheck("sgd", this::sgd));
        checks.addAll(new SequenceKernelConformance(b, seed).checks());
        checks.addAll(LstmSequenceStepConformance.checksFor(b, seed));
        checks.addAll(FusedKernelConformance.checksFor(b, seed));
        checks.addAll(CheckpointedScanConformance.checksFor(b, seed));
        return checks;
    }

    private SplittableRandom random(String what) {
        return new SplittableRandom(seed * 31 + what.hashCode());
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private Tensor up(float[] v) {
        return b.upload(v, v.length);
    }

    private float[] down(Tensor t) {
        float[] v = b.download(t);
        b.release(t);
        return v;
    }

    private void memory() {
        float[] v = values(random("memory"), 37);
        Tensor t = b.upload(v, 37);
        Compare.close("upload/download", v, b.download(t), 0);
        Tensor u = b.zeros(37);
        Compare.close("zeros", new float[37], b.download(u), 0);
        b.copy(t, u);
        Compare.close("copy", v, b.download(u), 0);
        b.fill(u, 2.5f);
        for (float f : b.download(u)) {
            if (f != 2.5f) {
                throw new AssertionError("fill wrote " + f);
            }
        }
        b.upload(new float[37], u);
        Compare.close("upload into", new float[37], b.download(u), 0);
        Compare.close("sumOfSquares", sumSq(v), b.sumOfSquares(t), 1e-5);
        b.release(t);
        b.release(u);
    }

    private static double sumSq(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return s;
    }

    private void gemm(boolean ta, boolean tb, int m, int n, int k) {
        SplittableRandom r = random("gemm" + m + n + k + ta + tb);
        float[] a = values(r, m * k);
        float[] bb = values(r, k * n);
        float[] c = values(r, m * n);
        for (float[] ab : new float[][] {{1f, 0f}, {0.5f, 1f}, {-2f, 0.25f}}) {
            Tensor at = up(a);
            Tensor bt = up(bb);
            Tensor ct = up(c);
            b.gemm(ta, tb, m, n, k, ab[0], at, bt, ab[1], ct);
            double[] expected = ReferenceKernels.gemm(ta, tb, m, n, k, ab[0], a, bb, ab[1], c);
            Compare.close("gemm alpha " + ab[0] + " beta " + ab[1], expected, down(ct), TOL * Math.sqrt(k));
            b.release(at);
            b.release(bt);
        }
        // beta 0 ignores NaN in C
        float[] nan = new float[m * n];
        java.util.Arrays.fill(nan, Float.NaN);
        Tensor at = up(a);
        Tensor bt = up(bb);
        Tensor ct = up(nan);
        b.gemm(ta, tb, m, n, k, 1f, at, bt, 0f, ct);
        Compare.close("gemm beta 0 over NaN", ReferenceKernels.gemm(ta, tb, m, n, k, 1, a, bb, 0, c), down(ct),
                TOL * Math.sqrt(k));
        b.release(at);
        b.release(bt);
    }

    /**
     * gemm on blocks at offsets into larger tensors equals gemm on copies of the blocks to the bit, and
     * leaves C outside its block as it was.
     */
    private void blockGemm() {
        for (int[] s : new int[][] {{7, 5, 3}, {16, 64, 40}, {12, 33, 17}}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (float beta : new float[] {0f, 1f}) {
                        blockGemm(ta, tb, s[0], s[1], s[2], beta);
                    }
                }
            }
        }
    }

    private void blockGemm(boolean ta, boolean tb, int m, int n, int k, float beta) {
        String what = "gemm on blocks " + m + "x" + n + "x" + k + (ta ? " A^T" : "") + (tb ? " B^T" : "") + " beta "
                + beta;
        SplittableRandom r = random(what);
        int aAt = 3;
        int bAt = 11;
        int cAt = 5;
        float[] a = values(r, aAt + m * k + 2);
        float[] bb = values(r, bAt + k * n + 7);
        float[] c = values(r, cAt + m * n + 4);
        Tensor at = up(a);
        Tensor bt = up(bb);
        Tensor ct = up(c);
        b.gemm(ta, tb, m, n, k, 0.5f, at, aAt, bt, bAt, beta, ct, cAt);
        float[] got = down(ct);
        Tensor aBlock = up(java.util.Arrays.copyOfRange(a, aAt, aAt + m * k));
        Tensor bBlock = up(java.util.Arrays.copyOfRange(bb, bAt, bAt + k * n));
        Tensor cBlock = up(java.util.Arrays.copyOfRange(c, cAt, cAt + m * n));
        b.gemm(ta, tb, m, n, k, 0.5f, aBlock, bBlock, beta, cBlock);
        float[] expected = c.clone();
        System.arraycopy(down(cBlock), 0, expected, cAt, m * n);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": C[" + i + "] " + got[i] + ", gemm on copies " + expected[i]);
            }
        }
        for (Tensor t : new Tensor[] {at, bt, aBlock, bBlock}) {
            b.release(t);
        }
    }

    private void batchedGemm() {
        SplittableRandom r = random("batched");
        int count = 3;
        int m = 9;
        int n = 20;
        int k = 7;
        float[] a = values(r, count * m * k);
        float[] bb = values(r, count * k * n);
        Tensor at = up(a);
        Tensor bt = up(bb);
        Tensor ct = b.zeros(count * m * n);
        b.batchedGemm(count, false, true, m, n, k, 1f, at, bt, 0f, ct);
        float[] got = down(ct);
        for (int i = 0; i < count; i++) {
            float[] ai = java.util.Arrays.copyOfRange(a, i * m * k, (i + 1) * m * k);
            float[] bi = java.util.Arrays.copyOfRange(bb, i * k * n, (i + 1) * k * n);
            Compare.close("batch " + i, ReferenceKernels.gemm(false, true, m, n, k, 1, ai, bi, 0, new float[m * n]),
                    java.util.Arrays.copyOfRange(got, i * m * n, (i + 1) * m * n), TOL);
        }
        b.release(at);
        b.release(bt);
    }

    private void elementwise() {
        SplittableRandom r = random("elementwise");
        int n = 1000 + 13;
        float[] x = values(r, n);
        float[] y = values(r, n);
        float[] z = values(r, n);
        double[] sum = new double[n];
        double[] axpy = new double[n];
        double[] prod = new double[n];
        double[] fma = new double[n];
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            sum[i] = x[i] + y[i];
            axpy[i] = y[i] + 0.5 * x[i];
            prod[i] = x[i] * y[i];
            fma[i] = z[i] + x[i] * y[i];
            scaled[i] = x[i] * -3.0;
        }
        Tensor xt = up(x);
        Tensor yt = up(y);
        Tensor out = b.empty(n);
        b.add(xt, yt, out);
        Compare.close("add", sum, b.download(out), TOL);
        b.add(xt, yt, xt);
        Compare.close("add in place", sum, b.download(xt), TOL);
        b.upload(x, xt);
        b.multiply(xt, yt, out);
        Compare.close("multiply", prod, b.download(out), TOL);
        Tensor zt = up(z);
        b.multiplyAccumulate(xt, yt, zt);
        Compare.close("multiplyAccumulate", fma, down(zt), TOL);
        b.axpy(0.5f, xt, yt);
        Compare.close("axpy", axpy, b.download(yt), TOL);
        b.scale(xt, -3f, out);
        Compare.close("scale into another tensor", scaled, b.download(out), TOL);
        Compare.sameBits("scale into another tensor leaves x", x, b.download(xt));
        b.scale(xt, -3f);
        Compare.close("scale", scaled, b.download(xt), TOL);
        b.release(xt);
        b.release(yt);
        b.release(out);
    }

    private void rowVector() {
        SplittableRandom r = random("rowVector");
        int rows = 37;
        int cols = 21;
        float[] x = values(r, rows * cols);
        float[] v = values(r, cols);
        double[] added = new double[rows * cols];
        double[] colSums = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                added[i * cols + c] = x[i * cols + c] + v[c];
                colSums[c] += x[i * cols + c];
            }
        }
        Tensor xt = up(x);
        Tensor vt = up(v);
        Tensor out = b.empty(rows, cols);
        b.addRowVector(xt, rows, cols, vt, out);
        Compare.close("addRowVector into another tensor", added, b.download(out), TOL);
        Compare.sameBits("addRowVector into another tensor leaves x", x, b.download(xt));
        b.release(out);
        b.addRowVector(xt, rows, cols, vt);
        Compare.close("addRowVector", added, b.download(xt), TOL);
        b.upload(x, xt);
        b.sumRows(xt, rows, cols, vt, false);
        Compare.close("sumRows", colSums, b.download(vt), TOL);
        b.sumRows(xt, rows, cols, vt, true);
        double[] twice = colSums.clone();
        for (int c = 0; c < cols; c++) {
            twice[c] *= 2;
        }
        Compare.close("sumRows accumulate", twice, down(vt), TOL);
        b.release(xt);
    }

    private void relu() {
        SplittableRandom r = random("relu");
        int n = 531;
        float[] x = values(r, n);
        float[] dy = values(r, n);
        float[] dx0 = values(r, n);
        double[] y = new double[n];
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0, x[i]);
            dx[i] = dx0[i] + (x[i] > 0 ? dy[i] : 0);
        }
        Tensor xt = up(x);
        Tensor yt = b.empty(n);
        b.relu(xt, yt);
        Compare.close("relu", y, b.download(yt), 0);
        Tensor dyt = up(dy);
        Tensor dxt = up(dx0);
        b.reluBackward(yt, dyt, dxt);
        Compare.close("reluBackward", dx, down(dxt), TOL);
        b.relu(xt, xt);
        Compare.close("relu in place", y, down(xt), 0);
        b.release(yt);
        b.release(dyt);
    }

    private void softmax() {
        SplittableRandom r = random("softmax");
        int rows = 19;
        int cols = 23;
        float[] x = values(r, rows * cols);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 8;
        }
        float[] dy = values(r, rows * cols);
        float[] dx0 = values(r, rows * cols);
        Tensor xt = up(x);
        Tensor yt = b.empty(rows * cols);
        b.softmaxRows(xt, rows, cols, yt);
        float[] y = b.download(yt);
        Compare.close("softmaxRows", ReferenceKernels.softmaxRows(x, rows, cols), y, TOL);
        Tensor dyt = up(dy);
        Tensor dxt = up(dx0);
        b.softmaxRowsBackward(yt, dyt, rows, cols, dxt);
        Compare.close("softmaxRowsBackward", ReferenceKernels.softmaxRowsBackward(y, dy, rows, cols, dx0), down(dxt), TOL);
        b.logSoftmaxRows(xt, rows, cols, yt);
        Compare.close("logSoftmaxRows", ReferenceKernels.logSoftmaxRows(x, rows, cols), down(yt), TOL);
        b.release(xt);
        b.release(dyt);
    }

    private void layerNorm() {
        SplittableRandom r = random("layerNorm");
        for (int cols : new int[] {10, 32, 37}) {
            int rows = 29;
            float eps = 6e-3f;
            float[] x = values(r, rows * cols);
            float[] g = values(r, cols);
            float[] be = values(r, cols);
            float[] dy = values(r, rows * cols);
            double[] mean = new double[rows];
            double[] rstd = new double[rows];
            double[] expected = ReferenceKernels.layerNorm(x, g, be, rows, cols, eps, mean, rstd);
            Tensor xt = up(x);
            Tensor gt = up(g);
            Tensor bt = up(be);
            Tensor out = b.empty(rows * cols);
            Tensor mt = b.empty(rows);
            Tensor rt = b.empty(rows);
            b.layerNorm(xt, gt, bt, rows, cols, eps, out, mt, rt);
            Compare.close("layerNorm d" + cols, expected, down(out), TOL);
            Compare.close("layerNorm mean", mean, b.download(mt), TOL);
            Compare.close("layerNorm rstd", rstd, b.download(rt), TOL);
            double[][] grads = ReferenceKernels.layerNormBackward(dy, x, g, rows, cols, eps);
            Tensor dyt = up(dy);
            Tensor dxt = b.zeros(rows * cols);
            Tensor dgt = b.zeros(cols);
            Tensor dbt = b.zeros(cols);
            b.layerNormBackward(dyt, xt, gt, mt, rt, rows, cols, dxt, dgt, dbt);
            Compare.close("layerNormBackward dx", grads[0], down(dxt), TOL);
            Compare.close("layerNormBackward dgamma", grads[1], down(dgt), TOL);
            Compare.close("layerNormBackward dbeta", grads[2], down(dbt), TOL);
            for (Tensor t : new Tensor[] {xt, gt, bt, mt, rt, dyt}) {
                b.release(t);
            }
        }
    }

    private void embedding() {
        SplittableRandom r = random("embedding");
        int vocab = 7;
        int cols = 18;
        int[] ids = {0, 3, 3, 6, 1, 3};
        float[] table = values(r, vocab * cols);
        float[] dout = values(r, ids.length * cols);
        double[] expected = new double[ids.length * cols];
        double[] dtable = new double[vocab * cols];
        for (int i = 0; i < ids.length; i++) {
            for (int c = 0; c < cols; c++) {
                expected[i * cols + c] = 1.5 * table[ids[i] * cols + c];
                dtable[ids[i] * cols + c] += 1.5 * dout[i * cols + c];
            }
        }
        Tensor tt = up(table);
        Tensor out = b.empty(ids.length * cols);
        b.embedding(tt, ids, cols, 1.5f, out);
        Compare.close("embedding", expected, down(out), TOL);
        Tensor dt = b.zeros(vocab * cols);
        Tensor dot = up(dout);
        b.embeddingBackward(dot, ids, cols, 1.5f, dt);
        Compare.close("embeddingBackward", dtable, down(dt), TOL);
        b.release(tt);
        b.release(dot);
    }

    private void crossEntropy() {
        SplittableRandom r = random("crossEntropy");
        int rows = 45;
        int cols = 6;
        float[] logits = values(r, rows * cols);
        int[] targets = new int[rows];
        float[] weights = new float[rows];
        for (int i = 0; i < rows; i++) {
            logits[i] *= 4;
            targets[i] = r.nextInt(cols);
            weights[i] = i % 5 == 0 ? 0f : (float) r.nextDouble();
        }
        Tensor lt = up(logits);
        Tensor gt = b.empty(rows * cols);
        double[] grad = new double[rows * cols];
        double expected = ReferenceKernels.crossEntropy(logits, rows, cols, targets, weights, grad);
        Compare.close("crossEntropy weighted", expected, b.crossEntropy(lt, rows, cols, targets, weights, gt), 1e-5);
        Compare.close("crossEntropy gradient", grad, down(gt), TOL);
        Compare.close("crossEntropy unweighted", ReferenceKernels.crossEntropy(logits, rows, cols, targets, null, null),
                b.crossEntropy(lt, rows, cols, targets, null, null), 1e-5);
        b.release(lt);
    }

    private void attention(AttentionShape s, boolean padded) {
        SplittableRandom r = random("attention" + s);
        float[] qkv = values(r, s.rows() * 3 * s.model());
        for (int i = 0; i < qkv.length; i++) {
            qkv[i] *= 2;
        }
        boolean[] pad = padded ? keyPadding(r, s, false) : null;
        double[] probs = new double[(int) s.probabilitySize()];
        double[] expected = ReferenceKernels.causalAttention(qkv, s, pad, probs);
        Tensor q = up(qkv);
        Tensor out = b.empty(s.rows() * s.model());
        Tensor pt = b.empty((int) s.probabilitySize());
        b.causalAttention(q, s, pad, out, pt);
        Compare.close("causalAttention", expected, down(out), TOL);
        Tensor inferenceOut = b.empty(s.rows() * s.model());
        b.causalAttention(q, s, pad, inferenceOut, null);
        Compare.close("causalAttention without probabilities", expected, down(inferenceOut), TOL);
        // Backward against central differences of the reference, through a random projection.
        float[] dout = values(r, s.rows() * s.model());
        Tensor dt = up(dout);
        Tensor dq = b.zeros(qkv.length);
        b.causalAttentionBackward(q, pt, dt, s, dq);
        float[] got = down(dq);
        double h = 1e-3;
        for (int trial = 0; trial < 40; trial++) {
            int i = r.nextInt(qkv.length);
            float saved = qkv[i];
            float upValue = (float) (saved + h);
            float downValue = (float) (saved - h);
            qkv[i] = upValue;
            double plus = dotWith(ReferenceKernels.causalAttention(qkv, s, pad, null), dout);
            qkv[i] = downValue;
            double minus = dotWith(ReferenceKernels.causalAttention(qkv, s, pad, null), dout);
            qkv[i] = saved;
            double numeric = (plus - minus) / ((double) upValue - downValue);
            Compare.close("causalAttentionBackward element " + i, numeric, got[i], 2e-2);
        }
        b.release(q);
        b.release(pt);
        b.release(dt);
    }

    /**
     * Key padding for attention checks: each sequence padded from a random length on (at least one
     * key left), or the first one wholly padded when {@code firstWhollyPadded} (its rows attend to
     * nothing).
     */
    static boolean[] keyPadding(SplittableRandom r, AttentionShape s, boolean firstWhollyPadded) {
        boolean[] pad = new boolean[s.rows()];
        for (int bb = 0; bb < s.batch(); bb++) {
            int length = firstWhollyPadded && bb == 0 ? 0 : 1 + r.nextInt(s.time());
            for (int t = length; t < s.time(); t++) {
                pad[bb * s.time() + t] = true;
            }
        }
        return pad;
    }

    private static double dotWith(double[] a, float[] w) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * w[i];
        }
        return s;
    }

    private void cachedAttention() {
        AttentionShape s = new AttentionShape(3, 11, 2, 4);
        SplittableRandom r = random("cached");
        float[] qkv = values(r, s.rows() * 3 * s.model());
        double[] expected = ReferenceKernels.causalAttention(qkv, s, null, null);
        AttentionShape cache = new AttentionShape(s.batch(), 16, s.heads(), s.headDim());
        Tensor keys = b.zeros(s.batch() * s.heads() * 16 * s.headDim());
        Tensor values = b.zeros(s.batch() * s.heads() * 16 * s.headDim());
        int width = 3 * s.model();
        for (int t = 0; t < s.time(); t++) {
            float[] step = new float[s.batch() * width];
            for (int bb = 0; bb < s.batch(); bb++) {
                System.arraycopy(qkv, (bb * s.time() + t) * width, step, bb * width, width);
            }
            Tensor st = up(step);
            Tensor out = b.empty(s.batch() * s.model());
            b.cachedAttention(st, keys, values, t, cache, out);
            float[] got = down(out);
            for (int bb = 0; bb < s.batch(); bb++) {
                for (int e = 0; e < s.model(); e++) {
                    Compare.close("cachedAttention b" + bb + " t" + t, expected[(bb * s.time() + t) * s.model() + e],
                            got[bb * s.model() + e], TOL);
                }
            }
            b.release(st);
        }
        b.release(keys);
        b.release(values);
    }

    private void dropout() {
        SplittableRandom r = random("dropout");
        int n = 2000;
        float[] x = values(r, n);
        Tensor xt = up(x);
        Tensor out = b.empty(n);
        Tensor mask = b.empty(n);
        b.dropout(xt, 0.25f, 1234L, out, mask);
        float[] m = down(mask);
        float[] o = down(out);
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            double expected = ReferenceKernels.dropoutMask(0.25f, 1234L, i);
            Compare.close("dropout mask " + i, expected, m[i], 1e-6);
            Compare.close("dropout out " + i, x[i] * expected, o[i], 1e-6);
            dropped += m[i] == 0 ? 1 : 0;
        }
        if (dropped < 0.2 * n || dropped > 0.3 * n) {
            throw new AssertionError("dropout at rate 0.25 dropped " + dropped + " of " + n);
        }
        b.release(xt);
    }

    private void adamW() {
        SplittableRandom r = random("adamW");
        int n = 77;
        float[] p = values(r, n);
        float[] g = values(r, n);
        float[] m = values(r, n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble();
        }
        Tensor pt = up(p);
        Tensor gt = up(g);
        Tensor mt = up(m);
        Tensor vt = up(v);
        b.adamW(pt, gt, mt, vt, new AdamWStep(2e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, 3));
        double[][] expected = ReferenceKernels.adamW(p, g, m, v, 2e-3, 0.9, 0.999, 1e-8, 0.01, 3);
        Compare.close("adamW param", expected[0], down(pt), 1e-5);
        Compare.close("adamW m", expected[1], down(mt), 1e-5);
        Compare.close("adamW v", expected[2], down(vt), 1e-5);
        b.release(gt);
    }

    private void sgd() {
        SplittableRandom r = random("sgd");
        int n = 41;
        float[] p = values(r, n);
        float[] g = values(r, n);
        float[] vel = values(r, n);
        double[] plain = new double[n];
        double[] withMomentum = new double[n];
        double[] newVel = new double[n];
        for (int i = 0; i < n; i++) {
            plain[i] = p[i] - 0.1 * (g[i] + 0.01 * p[i]);
            newVel[i] = 0.9 * vel[i] + g[i];
            withMomentum[i] = p[i] - 0.1 * newVel[i];
        }
        Tensor pt = up(p);
        Tensor gt = up(g);
        b.sgd(pt, gt, null, 0.1f, 0f, 0.01f);
        Compare.close("sgd", plain, down(pt), 1e-6);
        pt = up(p);
        Tensor vt = up(vel);
        b.sgd(pt, gt, vt, 0.1f, 0.9f, 0f);
        Compare.close("sgd momentum", withMomentum, down(pt), 1e-6);
        Compare.close("sgd velocity", newVel, down(vt), 1e-6);
        b.release(gt);
    }
}
