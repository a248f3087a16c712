package org.nonid.kernels.host;

import org.nonid.api.compute.AttentionShape;

/**
 * The mLSTM and sLSTM cells of xLSTM on float arrays; semantics of
 * {@link org.nonid.api.compute.SequenceKernels#mlstmScan} and
 * {@link org.nonid.api.compute.SequenceKernels#slstmCell}. Stabilised quantities (marked ~ in
 * comments) are the true ones times {@code exp(-m_t)}; gradients are carried in the same scale.
 */
public final class XlstmCells {
    /** Added to the mLSTM normaliser, as in the original implementation. */
    static final float EPS = 1e-6f;

    private XlstmCells() {
    }

    private static float logSigmoid(float x) {
        return x >= 0 ? (float) -Math.log1p(Math.exp(-x)) : (float) (x - Math.log1p(Math.exp(x)));
    }

    private static float sigmoid(float x) {
        return x >= 0 ? (float) (1.0 / (1.0 + Math.exp(-x))) : (float) (Math.exp(x) / (1.0 + Math.exp(x)));
    }

    // ------------------------------------------------------------------ mLSTM

    /**
     * A carried state holds, per sequence and head, C and n (stabilised) and the stabiliser m; a
     * carry of zeros (m = 0 with n = 0) is read as empty, so that decoders can start from zeros.
     */
    public static void mlstmScan(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre, float[] fPre,
                                 float[] states, float[] carry, float[] h) {
        int dh = s.headDim();
        int width = s.model();
        int perStep = dh * dh + dh + 1;
        float[] c = new float[dh * dh];
        float[] n = new float[dh];
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                int carried = (b * s.heads() + head) * perStep;
                float mPrev = Float.NEGATIVE_INFINITY;
                java.util.Arrays.fill(c, 0f);
                java.util.Arrays.fill(n, 0f);
                if (carry != null && !empty(carry, carried + dh * dh, dh)) {
                    System.arraycopy(carry, carried, c, 0, dh * dh);
                    System.arraycopy(carry, carried + dh * dh, n, 0, dh);
                    mPrev = carry[carried + dh * dh + dh];
                }
                for (int t = 0; t < s.time(); t++) {
                    int row = b * s.time() + t;
                    int at = row * width + head * dh;
                    float ig = iPre[row * s.heads() + head];
                    float lf = logSigmoid(fPre[row * s.heads() + head]);
                    float m = Math.max(lf + mPrev, ig);
                    float fp = (float) Math.exp(lf + mPrev - m);
                    float ip = (float) Math.exp(ig - m);
                    for (int i = 0; i < dh; i++) {
                        float vi = ip * v[at + i];
                        for (int j = 0; j < dh; j++) {
                            c[i * dh + j] = fp * c[i * dh + j] + vi * k[at + j];
                        }
                        n[i] = fp * n[i] + ip * k[at + i];
                    }
                    float den = 0f;
                    for (int j = 0; j < dh; j++) {
                        den += n[j] * q[at + j];
                    }
                    float scale = Math.max(Math.abs(den), (float) Math.exp(-m)) + EPS;
                    for (int i = 0; i < dh; i++) {
                        float num = 0f;
                        for (int j = 0; j < dh; j++) {
                            num += c[i * dh + j] * q[at + j];
                        }
                        h[at + i] = num / scale;
                    }
                    if (states != null) {
                        int saved = (row * s.heads() + head) * perStep;
                        System.arraycopy(c, 0, states, saved, dh * dh);
                        System.arraycopy(n, 0, states, saved + dh * dh, dh);
                        states[saved + dh * dh + dh] = m;
                    }
                    mPrev = m;
                }
                if (carry != null) {
                    System.arraycopy(c, 0, carry, carried, dh * dh);
                    System.arraycopy(n, 0, carry, carried + dh * dh, dh);
                    carry[carried + dh * dh + dh] = mPrev;
                }
            }
        }
    }

    private static boolean empty(float[] carry, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (carry[i] != 0f) {
                return false;
            }
        }
        return true;
    }

    public static void mlstmScanBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre, float[] fPre,
                                         float[] states, float[] dhOut, float[] dq, float[] dk, float[] dv, float[] di,
                                         float[] df) {
        int dh = s.headDim();
        int width = s.model();
        int perStep = dh * dh + dh + 1;
        float[] gc = new float[dh * dh];
        float[] gn = new float[dh];
        float[] hv = new float[dh];
        float[] dnum = new float[dh];
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                java.util.Arrays.fill(gc, 0f);
                java.util.Arrays.fill(gn, 0f);
                for (int t = s.time() - 1; t >= 0; t--) {
                    int row = b * s.time() + t;
                    int at = row * width + head * dh;
                    int gate = row * s.heads() + head;
                    int saved = gate * perStep;
                    int before = saved - s.heads() * perStep;
                    float m = states[saved + dh * dh + dh];
                    float den = 0f;
                    for (int j = 0; j < dh; j++) {
                        den += states[saved + dh * dh + j] * q[at + j];
                    }
                    float floor = (float) Math.exp(-m);
                    float scale = Math.max(Math.abs(den), floor) + EPS;
                    float gh = 0f;
                    for (int i = 0; i < dh; i++) {
                        float num = 0f;
                        for (int j = 0; j < dh; j++) {
                            num += states[saved + i * dh + j] * q[at + j];
                        }
                        hv[i] = num / scale;
                        dnum[i] = dhOut[at + i] / scale;
                        gh += dhOut[at + i] * hv[i];
                    }
                    float dden = Math.abs(den) > floor ? -gh * Math.signum(den) / scale : 0f;
                    for (int j = 0; j < dh; j++) {
                        float sum = states[saved + dh * dh + j] * dden;
                        for (int i = 0; i < dh; i++) {
                            gc[i * dh + j] += dnum[i] * q[at + j];
                            sum += states[saved + i * dh + j] * dnum[i];
                        }
                        gn[j] += dden * q[at + j];
                        dq[at + j] += sum;
                    }
                    float ig = iPre[gate];
                    float lf = logSigmoid(fPre[gate]);
                    float ip = (float) Math.exp(ig - m);
                    float mPrev = t > 0 ? states[before + dh * dh + dh] : 0f;
                    float fp = t > 0 ? (float) Math.exp(lf + mPrev - m) : 0f;
                    float dInput = 0f;
                    float dForget = 0f;
                    for (int i = 0; i < dh; i++) {
                        float gk = 0f;
                        for (int j = 0; j < dh; j++) {
                            gk += gc[i * dh + j] * k[at + j];
                        }
                        dv[at + i] += ip * gk;
                        dInput += gk * v[at + i];
                    }
                    for (int j = 0; j < dh; j++) {
                        float gv = gn[j];
                        for (int i = 0; i < dh; i++) {
                            gv += gc[i * dh + j] * v[at + i];
                        }
                        dk[at + j] += ip * gv;
                        dInput += gn[j] * k[at + j];
                    }
                    di[gate] += ip * dInput;
                    if (t > 0) {
                        for (int x = 0; x < dh * dh; x++) {
                            dForget += gc[x] * states[before + x];
                        }
                        for (int j = 0; j < dh; j++) {
                            dForget += gn[j] * states[before + dh * dh + j];
                        }
                        df[gate] += fp * dForget * (1f - sigmoid(fPre[gate]));
                    }
                    for (int x = 0; x < dh * dh; x++) {
                        gc[x] *= fp;
                    }
                    for (int j = 0; j < dh; j++) {
                        gn[j] *= fp;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ sLSTM

    public static void slstmCell(float[] raw, float[] previous, float[] mPrevious, int batch, int hidden, float[] out,
                                 float[] m) {
        for (int b = 0; b < batch; b++) {
            int r = b * 4 * hidden;
            int o = b * 3 * hidden;
            for (int u = 0; u < hidden; u++) {
                float ig = raw[r + u];
                float lf = logSigmoid(raw[r + hidden + u]);
                float z = (float) Math.tanh(raw[r + 2 * hidden + u]);
                float og = sigmoid(raw[r + 3 * hidden + u]);
                float mu = previous == null ? ig : Math.max(lf + mPrevious[b * hidden + u], ig);
                float ip = (float) Math.exp(ig - mu);
                float fp = previous == null ? 0f : (float) Math.exp(lf + mPrevious[b * hidden + u] - mu);
                float c = ip * z + (previous == null ? 0f : fp * previous[o + hidden + u]);
                float n = ip + (previous == null ? 0f : fp * previous[o + 2 * hidden + u]);
                out[o + u] = og * c / n;
                out[o + hidden + u] = c;
                out[o + 2 * hidden + u] = n;
                m[b * hidden + u] = mu;
            }
        }
    }

    public static void slstmCellBackward(float[] raw, float[] previous, float[] mPrevious, float[] m, float[] out,
                                         float[] dout, int batch, int hidden, float[] draw, float[] dprevious) {
        for (int b = 0; b < batch; b++) {
            int r = b * 4 * hidden;
            int o = b * 3 * hidden;
            for (int u = 0; u < hidden; u++) {
                float ig = raw[r + u];
                float fRaw = raw[r + hidden + u];
                float z = (float) Math.tanh(raw[r + 2 * hidden + u]);
                float og = sigmoid(raw[r + 3 * hidden + u]);
                float mu = m[b * hidden + u];
                float ip = (float) Math.exp(ig - mu);
                float c = out[o + hidden + u];
                float n = out[o + 2 * hidden + u];
                float dy = dout[o + u];
                float dc = dout[o + hidden + u] + dy * og / n;
                float dn = dout[o + 2 * hidden + u] - dy * og * c / (n * n);
                draw[r + 3 * hidden + u] += dy * c / n * og * (1f - og);
                draw[r + 2 * hidden + u] += dc * ip * (1f - z * z);
                draw[r + u] += (dc * z + dn) * ip;
                if (previous != null) {
                    float fp = (float) Math.exp(logSigmoid(fRaw) + mPrevious[b * hidden + u] - mu);
                    float cPrev = previous[o + hidden + u];
                    float nPrev = previous[o + 2 * hidden + u];
                    draw[r + hidden + u] += (dc * cPrev + dn * nPrev) * fp * (1f - sigmoid(fRaw));
                    dprevious[o + hidden + u] += dc * fp;
                    dprevious[o + 2 * hidden + u] += dn * fp;
                }
            }
        }
    }
}
