package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.Tensor;

/**
 * The forward sequence kernels of a backend ({@link org.nonid.api.compute.SequenceKernels}) against
 * double-precision references written out here; their backward passes are checked against finite
 * differences by {@link SequenceGradientChecks}.
 */
public final class SequenceKernelConformance {
    private static final double TOL = 2e-4;

    private final ComputeBackend b;
    private final long seed;

    public SequenceKernelConformance(ComputeBackend backend, long seed) {
        this.b = backend;
        this.seed = seed;
    }

    /** All checks. */
    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck("activations", this::activations));
        for (int n : new int[] {1037, 70_001}) {
            checks.add(new NamedCheck("silu and its backward, " + n + " values, bit for bit as sigmoid and products",
                    () -> silu(n)));
        }
        checks.add(new NamedCheck("copyBlock", this::copyBlock));
        checks.add(new NamedCheck("multiplyRowVector", this::multiplyRowVector));
        checks.add(new NamedCheck("rmsNorm", this::rmsNorm));
        checks.add(new NamedCheck("causalConv", this::causalConv));
        checks.add(new NamedCheck("selectiveScan", this::selectiveScan));
        checks.add(new NamedCheck("selectiveScan carried in pieces", this::selectiveScanCarried));
        checks.add(new NamedCheck("mlstmScan against the parallel form", this::mlstm));
        checks.add(new NamedCheck("slstmCell", this::slstm));
        checks.add(new NamedCheck("lstmCell", this::lstm));
        checks.add(new NamedCheck("blockDiagonal 8 blocks of 4x4", () -> blockDiagonal(8, 4, 4)));
        checks.add(new NamedCheck("blockDiagonal 3 blocks of 2x5", () -> blockDiagonal(3, 2, 5)));
        return checks;
    }

    private void activations() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 1);
        int n = 1037;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * 30);
        }
        double[] sig = new double[n];
        double[] tanh = new double[n];
        double[] exp = new double[n];
        double[] softplus = new double[n];
        for (int i = 0; i < n; i++) {
            sig[i] = 1 / (1 + Math.exp(-x[i]));
            tanh[i] = Math.tanh(x[i]);
            exp[i] = Math.exp(x[i] / 8.0);
            softplus[i] = Math.log1p(Math.exp(x[i]));
        }
        Tensor xt = b.upload(x, n);
        Tensor out = b.empty(n);
        b.sigmoid(xt, out);
        Compare.close("sigmoid", sig, b.download(out), TOL);
        b.tanh(xt, out);
        Compare.close("tanh", tanh, b.download(out), TOL);
        b.softplus(xt, out);
        Compare.close("softplus", softplus, b.download(out), TOL);
        float[] small = x.clone();
        for (int i = 0; i < n; i++) {
            small[i] = x[i] / 8f;
        }
        b.upload(small, xt);
        b.exp(xt, out);
        Compare.close("exp", exp, b.download(out), TOL);
        b.release(xt);
        b.release(out);
    }

    /**
     * {@code silu} against {@code sigmoid} then {@code multiply}, and {@code siluBackward} (writing and
     * accumulating) against the product's and the sigmoid's backward kernels, bit for bit; the values
     * against doubles.
     */
    private void silu(int n) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 11 + n);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * 30);
        }
        float[] dy = values(r, n);
        float[] before = values(r, n);
        Tensor xt = b.upload(x, n);
        Tensor dyt = b.upload(dy, n);
        Tensor s = b.empty(n);
        Tensor y = b.empty(n);
        b.silu(xt, s, y);
        Tensor sRef = b.empty(n);
        Tensor yRef = b.empty(n);
        b.sigmoid(xt, sRef);
        b.multiply(xt, sRef, yRef);
        Compare.sameBits("silu's sigmoid", b.download(sRef), b.download(s));
        Compare.sameBits("silu", b.download(yRef), b.download(y));
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        Compare.close("silu against doubles", expected, b.download(y), TOL);
        for (boolean accumulate : new boolean[] {false, true}) {
            Tensor dx = b.upload(before, n);
            Tensor dxRef = b.upload(before, n);
            Tensor ds = b.empty(n);
            b.siluBackward(xt, s, dyt, dx, accumulate);
            if (accumulate) {
                b.multiplyAccumulate(dyt, sRef, dxRef);
            } else {
                b.multiply(dyt, sRef, dxRef);
            }
            b.multiply(dyt, xt, ds);
            b.sigmoidBackward(sRef, ds, dxRef);
            Compare.sameBits("siluBackward" + (accumulate ? " accumulating" : ""), b.download(dxRef), b.download(dx));
            release(dx, dxRef, ds);
        }
        release(xt, dyt, s, y, sRef, yRef);
    }

    private void copyBlock() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 2);
        float[] src = values(r, 7 * 11);
        float[] dst = values(r, 9 * 13);
        double[] expected = new double[dst.length];
        for (int i = 0; i < dst.length; i++) {
            expected[i] = dst[i];
        }
        for (int row = 0; row < 4; row++) {
            for (int c = 0; c < 5; c++) {
                expected[6 + row * 26 + c] += src[3 + row * 22 + c];
            }
        }
        Tensor s = b.upload(src, src.length);
        Tensor d = b.upload(dst, dst.length);
        b.copyBlock(s, 3, 22, d, 6, 26, 4, 5, true);
        Compare.close("copyBlock accumulate", expected, b.download(d), TOL);
        for (int row = 0; row < 4; row++) {
            for (int c = 0; c < 5; c++) {
                expected[6 + row * 26 + c] = src[3 + row * 22 + c];
            }
        }
        b.copyBlock(s, 3, 22, d, 6, 26, 4, 5, false);
        Compare.close("copyBlock", expected, b.download(d), 0);
        b.release(s);
        b.release(d);
    }

    private void multiplyRowVector() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 3);
        int rows = 13;
        int cols = 37;
        float[] x = values(r, rows * cols);
        float[] v = values(r, cols);
        float[] o = values(r, rows * cols);
        double[] expected = new double[rows * cols];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = o[i] + (double) x[i] * v[i % cols];
        }
        Tensor xt = b.upload(x, x.length);
        Tensor vt = b.upload(v, v.length);
        Tensor ot = b.upload(o, o.length);
        b.multiplyRowVector(xt, rows, cols, vt, ot, true);
        Compare.close("multiplyRowVector accumulate", expected, b.download(ot), TOL);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (double) x[i] * v[i % cols];
        }
        b.multiplyRowVector(xt, rows, cols, vt, ot, false);
        Compare.close("multiplyRowVector", expected, b.download(ot), TOL);
        for (Tensor t : new Tensor[] {xt, vt, ot}) {
            b.release(t);
        }
    }

    private void rmsNorm() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 4);
        int rows = 11;
        int cols = 33;
        float eps = 1e-5f;
        float[] x = values(r, rows * cols);
        float[] g = values(r, cols);
        double[] expected = new double[rows * cols];
        double[] rstd = new double[rows];
        for (int row = 0; row < rows; row++) {
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                sq += (double) x[row * cols + c] * x[row * cols + c];
            }
            rstd[row] = 1 / Math.sqrt(sq / cols + eps);
            for (int c = 0; c < cols; c++) {
                expected[row * cols + c] = x[row * cols + c] * rstd[row] * g[c];
            }
        }
        Tensor xt = b.upload(x, x.length);
        Tensor gt = b.upload(g, g.length);
        Tensor out = b.empty(rows * cols);
        Tensor rt = b.empty(rows);
        b.rmsNorm(xt, gt, rows, cols, eps, out, rt);
        Compare.close("rmsNorm", expected, b.download(out), TOL);
        Compare.close("rmsNorm rstd", rstd, b.download(rt), TOL);
        for (Tensor t : new Tensor[] {xt, gt, out, rt}) {
            b.release(t);
        }
    }

    private void causalConv() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 5);
        int batch = 3;
        int time = 9;
        int channels = 7;
        int kernel = 4;
        float[] x = values(r, batch * time * channels);
        float[] w = values(r, kernel * channels);
        double[] expected = new double[x.length];
        for (int bi = 0; bi < batch; bi++) {
            for (int t = 0; t < time; t++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int j = 0; j < kernel; j++) {
                        if (t - j >= 0) {
                            sum += (double) w[j * channels + c] * x[((bi * time) + t - j) * channels + c];
                        }
                    }
                    expected[(bi * time + t) * channels + c] = sum;
                }
            }
        }
        Tensor xt = b.upload(x, x.length);
        Tensor wt = b.upload(w, w.length);
        Tensor out = b.empty(x.length);
        b.causalConv(xt, wt, batch, time, channels, kernel, out);
        Compare.close("causalConv", expected, b.download(out), TOL);
        for (Tensor t : new Tensor[] {xt, wt, out}) {
            b.release(t);
        }
    }

    /** A selective scan's inputs: u, delta (positive), A (negative), B, C. */
    private float[][] scanInputs(ScanShape s, SplittableRandom r) {
        float[] u = values(r, s.rows() * s.channels());
        float[] delta = values(r, s.rows() * s.channels());
        for (int i = 0; i < delta.length; i++) {
            delta[i] = 0.05f + Math.abs(delta[i]);
        }
        float[] a = values(r, s.channels() * s.state());
        for (int i = 0; i < a.length; i++) {
            a[i] = -0.1f - Math.abs(a[i]) * 2;
        }
        return new float[][] {u, delta, a, values(r, s.rows() * s.state()), values(r, s.rows() * s.state())};
    }

    private static double[] referenceScan(ScanShape s, float[][] in) {
        float[] u = in[0];
        float[] delta = in[1];
        float[] a = in[2];
        float[] bm = in[3];
        float[] cm = in[4];
        int d = s.channels();
        int n = s.state();
        double[] y = new double[s.rows() * d];
        for (int bi = 0; bi < s.batch(); bi++) {
            for (int c = 0; c < d; c++) {
                double[] h = new double[n];
                for (int t = 0; t < s.time(); t++) {
                    int row = bi * s.time() + t;
                    double dt = delta[row * d + c];
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        h[k] = Math.exp(dt * a[c * n + k]) * h[k] + dt * bm[row * n + k] * u[row * d + c];
                        sum += cm[row * n + k] * h[k];
                    }
                    y[row * d + c] = sum;
                }
            }
        }
        return y;
    }

    private void selectiveScan() {
        ScanShape s = new ScanShape(3, 11, 6, 5);
        float[][] in = scanInputs(s, new SplittableRandom(seed * 31 + 6));
        Tensor[] t = upload(in);
        Tensor y = b.empty(s.rows() * s.channels());
        Tensor states = b.empty((int) s.statesSize());
        b.selectiveScan(s, t[0], t[1], t[2], t[3], t[4], states, null, y);
        Compare.close("selectiveScan", referenceScan(s, in), b.download(y), TOL);
        release(t);
        b.release(y);
        b.release(states);
    }

    /** The scan of a whole sequence equals the scan of its first steps and then, carried on, of the rest. */
    private void selectiveScanCarried() {
        ScanShape whole = new ScanShape(1, 8, 4, 3);
        float[][] in = scanInputs(whole, new SplittableRandom(seed * 31 + 7));
        double[] expected = referenceScan(whole, in);
        Tensor carry = b.zeros(whole.carrySize());
        float[] y = new float[whole.rows() * whole.channels()];
        for (int t = 0; t < whole.time(); t++) {
            ScanShape one = new ScanShape(1, 1, 4, 3);
            float[][] step = {slice(in[0], t, 4), slice(in[1], t, 4), in[2], slice(in[3], t, 3), slice(in[4], t, 3)};
            Tensor[] st = upload(step);
            Tensor out = b.empty(4);
            b.selectiveScan(one, st[0], st[1], st[2], st[3], st[4], null, carry, out);
            System.arraycopy(b.download(out), 0, y, t * 4, 4);
            release(st);
            b.release(out);
        }
        Compare.close("selectiveScan step by step", expected, y, TOL);
        b.release(carry);
    }

    /** mLSTM by its parallel, stabilised form (as the xLSTM paper writes it), in double precision. */
    private void mlstm() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 8);
        org.nonid.api.compute.AttentionShape s = new org.nonid.api.compute.AttentionShape(2, 7, 2, 3);
        int width = s.model();
        float[] q = values(r, s.rows() * width);
        float[] k = values(r, s.rows() * width);
        float[] v = values(r, s.rows() * width);
        float[] ig = values(r, s.rows() * s.heads());
        float[] fg = values(r, s.rows() * s.heads());
        for (int i = 0; i < fg.length; i++) {
            fg[i] = fg[i] * 3 + 2;
            ig[i] *= 3;
        }
        double[] expected = new double[s.rows() * width];
        for (int bi = 0; bi < s.batch(); bi++) {
            for (int h = 0; h < s.heads(); h++) {
                double[] cumulative = new double[s.time() + 1];
                for (int t = 0; t < s.time(); t++) {
                    double f = fg[(bi * s.time() + t) * s.heads() + h];
                    cumulative[t + 1] = cumulative[t] - Math.log1p(Math.exp(-f));
                }
                for (int t = 0; t < s.time(); t++) {
                    double[] logD = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int src = 0; src <= t; src++) {
                        logD[src] = cumulative[t + 1] - cumulative[src + 1] + ig[(bi * s.time() + src) * s.heads() + h];
                        max = Math.max(max, logD[src]);
                    }
                    double[] weight = new double[t + 1];
                    double den = 0;
                    int qa = (bi * s.time() + t) * width + h * s.headDim();
                    for (int src = 0; src <= t; src++) {
                        int ka = (bi * s.time() + src) * width + h * s.headDim();
                        double dot = 0;
                        for (int j = 0; j < s.headDim(); j++) {
                            dot += (double) q[qa + j] * k[ka + j];
                        }
                        weight[src] = dot * Math.exp(logD[src] - max);
                        den += weight[src];
                    }
                    double norm = Math.max(Math.abs(den), Math.exp(-max)) + 1e-6;
                    for (int src = 0; src <= t; src++) {
                        int va = (bi * s.time() + src) * width + h * s.headDim();
                        for (int i = 0; i < s.headDim(); i++) {
                            expected[qa + i] += weight[src] / norm * v[va + i];
                        }
                    }
                }
            }
        }
        Tensor[] t = upload(new float[][] {q, k, v, ig, fg});
        Tensor out = b.empty(s.rows() * width);
        Tensor states = b.empty((int) org.nonid.api.compute.SequenceKernels.mlstmStatesSize(s));
        b.mlstmScan(s, t[0], t[1], t[2], t[3], t[4], states, null, out);
        Compare.close("mlstmScan", expected, b.download(out), 1e-3);
        // the same, one position at a time with a carried state
        Tensor carry = b.zeros(org.nonid.api.compute.SequenceKernels.mlstmCarrySize(s));
        float[] stepwise = new float[s.rows() * width];
        for (int bi = 0; bi < s.batch(); bi++) {
            b.fill(carry, 0f);
            for (int tt = 0; tt < s.time(); tt++) {
                int row = bi * s.time() + tt;
                org.nonid.api.compute.AttentionShape one = new org.nonid.api.compute.AttentionShape(1, 1, s.heads(), s.headDim());
                Tensor[] st = upload(new float[][] {slice(q, row, width), slice(k, row, width), slice(v, row, width),
                    slice(ig, row, s.heads()), slice(fg, row, s.heads())});
                Tensor h1 = b.empty(width);
                Tensor oneCarry = b.zeros(org.nonid.api.compute.SequenceKernels.mlstmCarrySize(one));
                b.copyBlock(carry, bi * oneSize(one), 0, oneCarry, 0, 0, 1, oneSize(one), false);
                b.mlstmScan(one, st[0], st[1], st[2], st[3], st[4], null, oneCarry, h1);
                b.copyBlock(oneCarry, 0, 0, carry, bi * oneSize(one), 0, 1, oneSize(one), false);
                System.arraycopy(b.download(h1), 0, stepwise, row * width, width);
                release(st);
                b.release(h1);
                b.release(oneCarry);
            }
        }
        Compare.close("mlstmScan step by step", expected, stepwise, 1e-3);
        b.release(carry);
        release(t);
        b.release(out);
        b.release(states);
    }

    /** Three sLSTM steps against the unstabilised recurrence in double precision. */
    private void slstm() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 9);
        int batch = 2;
        int hidden = 5;
        double[] c = new double[batch * hidden];
        double[] n = new double[batch * hidden];
        Tensor previous = null;
        Tensor mPrevious = null;
        for (int step = 0; step < 3; step++) {
            float[] raw = values(r, batch * 4 * hidden);
            double[] y = new double[batch * hidden];
            for (int bi = 0; bi < batch; bi++) {
                for (int u = 0; u < hidden; u++) {
                    int at = bi * 4 * hidden + u;
                    double i = Math.exp(raw[at]);
                    double f = 1 / (1 + Math.exp(-raw[at + hidden]));
                    double z = Math.tanh(raw[at + 2 * hidden]);
                    double o = 1 / (1 + Math.exp(-raw[at + 3 * hidden]));
                    int x = bi * hidden + u;
                    c[x] = f * c[x] + i * z;
                    n[x] = f * n[x] + i;
                    y[x] = o * c[x] / n[x];
                }
            }
            Tensor rawT = b.upload(raw, raw.length);
            Tensor out = b.empty(batch * 3 * hidden);
            Tensor m = b.empty(batch * hidden);
            b.slstmCell(rawT, previous, mPrevious, batch, hidden, out, m);
            float[] packed = b.download(out);
            float[] ys = new float[batch * hidden];
            for (int bi = 0; bi < batch; bi++) {
                System.arraycopy(packed, bi * 3 * hidden, ys, bi * hidden, hidden);
            }
            Compare.close("slstmCell y at step " + step, y, ys, TOL);
            b.release(rawT);
            if (previous != null) {
                b.release(previous);
                b.release(mPrevious);
            }
            previous = out;
            mPrevious = m;
        }
        b.release(previous);
        b.release(mPrevious);
    }

    /**
     * Three LSTM steps (the first from no cell) against the recurrence in double precision; 21
     * units so that vectorised backends take both their vector and their scalar path; some
     * pre-activations reach +-10, where sigmoid and tanh saturate.
     */
    private void lstm() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 10);
        int batch = 3;
        int hidden = 21;
        double[] c = new double[batch * hidden];
        Tensor previous = null;
        for (int step = 0; step < 3; step++) {
            float[] gates = values(r, batch * 4 * hidden);
            for (int i = 0; i < gates.length; i += 7) {
                gates[i] *= 10;
            }
            double[] h = new double[batch * hidden];
            double[] saved = new double[batch * 5 * hidden];
            for (int bi = 0; bi < batch; bi++) {
                for (int u = 0; u < hidden; u++) {
                    int at = bi * 4 * hidden + u;
                    double i = 1 / (1 + Math.exp(-gates[at]));
                    double f = 1 / (1 + Math.exp(-gates[at + hidden]));
                    double g = Math.tanh(gates[at + 2 * hidden]);
                    double o = 1 / (1 + Math.exp(-gates[at + 3 * hidden]));
                    int x = bi * hidden + u;
                    c[x] = f * c[x] + i * g;
                    h[x] = o * Math.tanh(c[x]);
                    double[] activations = {i, f, g, o, Math.tanh(c[x])};
                    for (int k = 0; k < 5; k++) {
                        saved[bi * 5 * hidden + k * hidden + u] = activations[k];
                    }
                }
            }
            Tensor gatesT = b.upload(gates, gates.length);
            Tensor hT = b.empty(batch * hidden);
            Tensor cT = b.empty(batch * hidden);
            Tensor savedT = b.empty(batch * 5 * hidden);
            b.lstmCell(gatesT, previous, batch, hidden, hT, cT, savedT);
            Compare.close("lstmCell h at step " + step, h, b.download(hT), TOL);
            Compare.close("lstmCell c at step " + step, c, b.download(cT), TOL);
            Compare.close("lstmCell saved activations at step " + step, saved, b.download(savedT), TOL);
            release(gatesT, hT, savedT);
            if (previous != null) {
                b.release(previous);
            }
            previous = cT;
        }
        b.release(previous);
    }

    /** The product, and both gradients, against the dense block-diagonal matrix in double precision. */
    private void blockDiagonal(int blocks, int in, int out) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 11 + blocks);
        int rows = 7;
        int width = blocks * in;
        float[] x = values(r, rows * width);
        float[] w = values(r, width * out);
        float[] dy = values(r, rows * blocks * out);
        double[] dense = new double[width * blocks * out];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    dense[(b * in + i) * blocks * out + b * out + j] = w[(b * in + i) * out + j];
                }
            }
        }
        double[] y = new double[rows * blocks * out];
        double[] dx = new double[rows * width];
        double[] dDense = new double[dense.length];
        for (int row = 0; row < rows; row++) {
            for (int p = 0; p < width; p++) {
                for (int q = 0; q < blocks * out; q++) {
                    double d = dense[p * blocks * out + q];
                    y[row * blocks * out + q] += x[row * width + p] * d;
                    dx[row * width + p] += dy[row * blocks * out + q] * d;
                    dDense[p * blocks * out + q] += x[row * width + p] * dy[row * blocks * out + q];
                }
            }
        }
        double[] dw = new double[w.length];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    dw[(b * in + i) * out + j] = dDense[(b * in + i) * blocks * out + b * out + j];
                }
            }
        }
        Tensor xt = b.upload(x, x.length);
        Tensor wt = b.upload(w, w.length);
        Tensor dyt = b.upload(dy, dy.length);
        Tensor yt = b.empty(rows * blocks * out);
        Tensor dxt = b.zeros(rows * width);
        Tensor dwt = b.zeros(w.length);
        b.blockDiagonal(xt, wt, rows, blocks, in, out, yt);
        b.blockDiagonalBackward(xt, wt, dyt, rows, blocks, in, out, dxt, dwt);
        Compare.close("blockDiagonal y", y, b.download(yt), TOL);
        Compare.close("blockDiagonal dx", dx, b.download(dxt), TOL);
        Compare.close("blockDiagonal dw", dw, b.download(dwt), TOL);
        release(xt, wt, dyt, yt, dxt, dwt);
    }

    private static int oneSize(org.nonid.api.compute.AttentionShape one) {
        return org.nonid.api.compute.SequenceKernels.mlstmCarrySize(one);
    }

    private static float[] slice(float[] rows, int row, int width) {
        float[] out = new float[width];
        System.arraycopy(rows, row * width, out, 0, width);
        return out;
    }

    private Tensor[] upload(float[][] arrays) {
        Tensor[] t = new Tensor[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            t[i] = b.upload(arrays[i], arrays[i].length);
        }
        return t;
    }

    private void release(Tensor... tensors) {
        for (Tensor t : tensors) {
            b.release(t);
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
