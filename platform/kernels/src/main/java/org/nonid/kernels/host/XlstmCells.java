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
    public static final float EPS = 1e-6f;

    private XlstmCells() {
    }

    private static float logSigmoid(float x) {
        return Logistic.logSigmoid(x);
    }

    private static float sigmoid(float x) {
        return Logistic.sigmoid(x);
    }

    /** The host's steps: plain loops, the reference every backend's steps equal to the bit. */
    public static final MlstmSteps SCALAR_STEPS = new MlstmSteps() {
        @Override
        public void step(AttentionShape s, int row, int head, float[] q, float[] k, float[] v, float[] iPre,
                         float[] fPre, float[] st, float[] h) {
            mlstmStep(s, row, head, q, k, v, iPre, fPre, st, h);
        }

        @Override
        public void backStep(AttentionShape s, int row, int head, boolean hasBefore, float[] q, float[] k, float[] v,
                             float[] iPre, float[] fPre, float[] saved, int savedAt, float[] before, int beforeAt,
                             float[] dhOut, float[] dq, float[] dk, float[] dv, float[] di, float[] df,
                             MlstmSteps.Carried g) {
            mlstmBackStep(s, row, head, hasBefore, q, k, v, iPre, fPre, saved, savedAt, before, beforeAt, dhOut, dq, dk,
                    dv, di, df, g);
        }
    };

    // ------------------------------------------------------------------ mLSTM

    /**
     * A carried state holds, per sequence and head, C and n (stabilised) and the stabiliser m; a
     * carry of zeros (m = 0 with n = 0) is read as empty, so that decoders can start from zeros.
     */
    public static void mlstmScan(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre, float[] fPre,
                                 float[] states, float[] carry, float[] h) {
        mlstmScan(SCALAR_STEPS, s, q, k, v, iPre, fPre, states, carry, h);
    }

    /** {@link #mlstmScan} with the given steps. */
    public static void mlstmScan(MlstmSteps steps, AttentionShape s, float[] q, float[] k, float[] v, float[] iPre,
                                 float[] fPre, float[] states, float[] carry, float[] h) {
        int dh = s.headDim();
        int perStep = dh * dh + dh + 1;
        float[] st = new float[perStep];
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                int carried = (b * s.heads() + head) * perStep;
                java.util.Arrays.fill(st, 0f);
                st[perStep - 1] = Float.NEGATIVE_INFINITY;
                if (carry != null && !empty(carry, carried + dh * dh, dh)) {
                    System.arraycopy(carry, carried, st, 0, perStep);
                }
                for (int t = 0; t < s.time(); t++) {
                    int row = b * s.time() + t;
                    steps.step(s, row, head, q, k, v, iPre, fPre, st, h);
                    if (states != null) {
                        System.arraycopy(st, 0, states, (row * s.heads() + head) * perStep, perStep);
                    }
                }
                if (carry != null) {
                    System.arraycopy(st, 0, carry, carried, perStep);
                }
            }
        }
    }

    /**
     * {@link #mlstmScan} from empty states, keeping in {@code checkpoints} ({@code [batch, heads,
     * stretch, C n m]}) the state before every {@code interval}-th step instead of every state.
     */
    public static void mlstmScanCheckpointed(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre,
                                             float[] fPre, int interval, float[] checkpoints, float[] h) {
        mlstmScanCheckpointed(SCALAR_STEPS, s, q, k, v, iPre, fPre, interval, checkpoints, h);
    }

    /** {@link #mlstmScanCheckpointed} with the given steps. */
    public static void mlstmScanCheckpointed(MlstmSteps steps, AttentionShape s, float[] q, float[] k, float[] v,
                                             float[] iPre, float[] fPre, int interval, float[] checkpoints,
                                             float[] h) {
        int dh = s.headDim();
        int perStep = dh * dh + dh + 1;
        int stretches = (s.time() + interval - 1) / interval;
        float[] st = new float[perStep];
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                java.util.Arrays.fill(st, 0f);
                st[perStep - 1] = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < s.time(); t++) {
                    if (t % interval == 0) {
                        System.arraycopy(st, 0, checkpoints, ((b * s.heads() + head) * stretches + t / interval) * perStep,
                                perStep);
                    }
                    steps.step(s, b * s.time() + t, head, q, k, v, iPre, fPre, st, h);
                }
            }
        }
    }

    /** {@code n . q}, summed from 0 in order: the mLSTM normaliser's dot product. */
    public static float normaliserDot(float[] n, int nAt, float[] q, int qAt, int dh) {
        float den = 0f;
        for (int j = 0; j < dh; j++) {
            den += n[nAt + j] * q[qAt + j];
        }
        return den;
    }

    /** One step of the recurrence for (row, head): the state {@code st = [C n m]} advances in place; h's part is written unless h is null. */
    private static void mlstmStep(AttentionShape s, int row, int head, float[] q, float[] k, float[] v, float[] iPre,
                                  float[] fPre, float[] st, float[] h) {
        int dh = s.headDim();
        int at = row * s.model() + head * dh;
        int nAt = dh * dh;
        float mPrev = st[nAt + dh];
        float ig = iPre[row * s.heads() + head];
        float lf = logSigmoid(fPre[row * s.heads() + head]);
        float m = Math.max(lf + mPrev, ig);
        float fp = (float) Math.exp(lf + mPrev - m);
        float ip = (float) Math.exp(ig - m);
        for (int i = 0; i < dh; i++) {
            float vi = ip * v[at + i];
            for (int j = 0; j < dh; j++) {
                st[i * dh + j] = fp * st[i * dh + j] + vi * k[at + j];
            }
            st[nAt + i] = fp * st[nAt + i] + ip * k[at + i];
        }
        st[nAt + dh] = m;
        if (h == null) {
            return;
        }
        float den = normaliserDot(st, nAt, q, at, dh);
        float scale = Math.max(Math.abs(den), (float) Math.exp(-m)) + EPS;
        for (int i = 0; i < dh; i++) {
            float num = 0f;
            for (int j = 0; j < dh; j++) {
                num += st[i * dh + j] * q[at + j];
            }
            h[at + i] = num / scale;
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
        mlstmScanBackward(SCALAR_STEPS, s, q, k, v, iPre, fPre, states, dhOut, dq, dk, dv, di, df);
    }

    /** {@link #mlstmScanBackward} with the given steps. */
    public static void mlstmScanBackward(MlstmSteps steps, AttentionShape s, float[] q, float[] k, float[] v,
                                         float[] iPre, float[] fPre, float[] states, float[] dhOut, float[] dq,
                                         float[] dk, float[] dv, float[] di, float[] df) {
        int dh = s.headDim();
        int perStep = dh * dh + dh + 1;
        MlstmSteps.Carried g = new MlstmSteps.Carried(dh);
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                g.clear();
                for (int t = s.time() - 1; t >= 0; t--) {
                    int row = b * s.time() + t;
                    int saved = (row * s.heads() + head) * perStep;
                    steps.backStep(s, row, head, t > 0, q, k, v, iPre, fPre, states, saved, states,
                            saved - s.heads() * perStep, dhOut, dq, dk, dv, di, df, g);
                }
            }
        }
    }

    /**
     * {@link #mlstmScanBackward} from the checkpoints of {@link #mlstmScanCheckpointed}: each
     * stretch's states are made again from its checkpoint with the forward step, then its steps run
     * backward; the gradients equal the plain backward pass's to the bit.
     */
    public static void mlstmScanCheckpointedBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre,
                                                     float[] fPre, int interval, float[] checkpoints, float[] dhOut,
                                                     float[] dq, float[] dk, float[] dv, float[] di, float[] df) {
        mlstmScanCheckpointedBackward(SCALAR_STEPS, s, q, k, v, iPre, fPre, interval, checkpoints, dhOut, dq, dk, dv, di,
                df);
    }

    /** {@link #mlstmScanCheckpointedBackward} with the given steps. */
    public static void mlstmScanCheckpointedBackward(MlstmSteps steps, AttentionShape s, float[] q, float[] k,
                                                     float[] v, float[] iPre, float[] fPre, int interval,
                                                     float[] checkpoints, float[] dhOut, float[] dq, float[] dk,
                                                     float[] dv, float[] di, float[] df) {
        int dh = s.headDim();
        int perStep = dh * dh + dh + 1;
        int stretches = (s.time() + interval - 1) / interval;
        MlstmSteps.Carried g = new MlstmSteps.Carried(dh);
        float[] st = new float[perStep];
        float[] stretch = new float[Math.min(interval, s.time()) * perStep];
        for (int b = 0; b < s.batch(); b++) {
            for (int head = 0; head < s.heads(); head++) {
                g.clear();
                for (int c = stretches - 1; c >= 0; c--) {
                    int t0 = c * interval;
                    int t1 = Math.min(s.time(), t0 + interval);
                    int checkpoint = ((b * s.heads() + head) * stretches + c) * perStep;
                    System.arraycopy(checkpoints, checkpoint, st, 0, perStep);
                    for (int t = t0; t < t1; t++) {
                        steps.step(s, b * s.time() + t, head, q, k, v, iPre, fPre, st, null);
                        System.arraycopy(st, 0, stretch, (t - t0) * perStep, perStep);
                    }
                    for (int t = t1 - 1; t >= t0; t--) {
                        float[] before = t > t0 ? stretch : checkpoints;
                        int beforeAt = t > t0 ? (t - t0 - 1) * perStep : checkpoint;
                        steps.backStep(s, b * s.time() + t, head, t > 0, q, k, v, iPre, fPre, stretch,
                                (t - t0) * perStep, before, beforeAt, dhOut, dq, dk, dv, di, df, g);
                    }
                }
            }
        }
    }

    /**
     * One backward step for (row, head) given the state after it ({@code saved} at {@code savedAt})
     * and, when {@code hasBefore}, the state before it.
     */
    private static void mlstmBackStep(AttentionShape s, int row, int head, boolean hasBefore, float[] q, float[] k,
                                      float[] v, float[] iPre, float[] fPre, float[] saved, int savedAt, float[] before,
                                      int beforeAt, float[] dhOut, float[] dq, float[] dk, float[] dv, float[] di,
                                      float[] df, MlstmSteps.Carried g) {
        int dh = s.headDim();
        int at = row * s.model() + head * dh;
        int gate = row * s.heads() + head;
        float[] gc = g.gc;
        float[] gn = g.gn;
        float[] hv = g.hv;
        float[] dnum = g.dnum;
        float m = saved[savedAt + dh * dh + dh];
        float den = normaliserDot(saved, savedAt + dh * dh, q, at, dh);
        float floor = (float) Math.exp(-m);
        float scale = Math.max(Math.abs(den), floor) + EPS;
        float gh = 0f;
        for (int i = 0; i < dh; i++) {
            float num = 0f;
            for (int j = 0; j < dh; j++) {
                num += saved[savedAt + i * dh + j] * q[at + j];
            }
            hv[i] = num / scale;
            dnum[i] = dhOut[at + i] / scale;
            gh += dhOut[at + i] * hv[i];
        }
        float dden = Math.abs(den) > floor ? -gh * Math.signum(den) / scale : 0f;
        for (int j = 0; j < dh; j++) {
            float sum = saved[savedAt + dh * dh + j] * dden;
            for (int i = 0; i < dh; i++) {
                gc[i * dh + j] += dnum[i] * q[at + j];
                sum += saved[savedAt + i * dh + j] * dnum[i];
            }
            gn[j] += dden * q[at + j];
            dq[at + j] += sum;
        }
        float ig = iPre[gate];
        float lf = logSigmoid(fPre[gate]);
        float ip = (float) Math.exp(ig - m);
        float mPrev = hasBefore ? before[beforeAt + dh * dh + dh] : 0f;
        float fp = hasBefore ? (float) Math.exp(lf + mPrev - m) : 0f;
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
        if (hasBefore) {
            for (int x = 0; x < dh * dh; x++) {
                dForget += gc[x] * before[beforeAt + x];
            }
            for (int j = 0; j < dh; j++) {
                dForget += gn[j] * before[beforeAt + dh * dh + j];
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

    // ------------------------------------------------------------------ sLSTM

    public static void slstmCell(float[] raw, float[] previous, float[] mPrevious, int batch, int hidden, float[] out,
                                 float[] m) {
        for (int b = 0; b < batch; b++) {
            int r = b * 4 * hidden;
            for (int u = 0; u < hidden; u++) {
                float ig = raw[r + u];
                float lf = logSigmoid(raw[r + hidden + u]);
                float z = RoundedFunctions.tanh(raw[r + 2 * hidden + u]);
                float og = sigmoid(raw[r + 3 * hidden + u]);
                float mu = previous == null ? ig : Math.max(lf + mPrevious[b * hidden + u], ig);
                float ip = (float) Math.exp(ig - mu);
                float fp = previous == null ? 0f : (float) Math.exp(lf + mPrevious[b * hidden + u] - mu);
                slstmUnit(ip, z, og, fp, previous, hidden, b, u, out);
                m[b * hidden + u] = mu;
            }
        }
    }

    /**
     * Unit u of sequence b from its gates' values: {@code ip}, {@code fp} the stabilised input and
     * forget gates, z the cell input's tanh, og the output gate's sigmoid (fp unused where previous
     * is null). The cell's arithmetic in its order, for every kernel that computes the gates' values
     * its own way.
     */
    public static void slstmUnit(float ip, float z, float og, float fp, float[] previous, int hidden, int b, int u,
                                 float[] out) {
        int o = b * 3 * hidden;
        float c = ip * z + (previous == null ? 0f : fp * previous[o + hidden + u]);
        float n = ip + (previous == null ? 0f : fp * previous[o + 2 * hidden + u]);
        out[o + u] = og * c / n;
        out[o + hidden + u] = c;
        out[o + 2 * hidden + u] = n;
    }

    public static void slstmCellBackward(float[] raw, float[] previous, float[] mPrevious, float[] m, float[] out,
                                         float[] dout, int batch, int hidden, float[] draw, float[] dprevious) {
        for (int b = 0; b < batch; b++) {
            int r = b * 4 * hidden;
            for (int u = 0; u < hidden; u++) {
                float fRaw = raw[r + hidden + u];
                float mu = m[b * hidden + u];
                float z = RoundedFunctions.tanh(raw[r + 2 * hidden + u]);
                float og = sigmoid(raw[r + 3 * hidden + u]);
                float ip = (float) Math.exp(raw[r + u] - mu);
                float fp = previous == null ? 0f : (float) Math.exp(logSigmoid(fRaw) + mPrevious[b * hidden + u] - mu);
                float sf = previous == null ? 0f : sigmoid(fRaw);
                slstmUnitBackward(z, og, ip, fp, sf, previous, out, dout, hidden, b, u, draw, dprevious);
            }
        }
    }

    /**
     * The backward step of unit u of sequence b from its gates' values as {@link #slstmUnit} takes
     * them, and sf the forget gate's sigmoid (unused where previous is null): accumulates into draw
     * and dprevious.
     */
    public static void slstmUnitBackward(float z, float og, float ip, float fp, float sf, float[] previous,
                                         float[] out, float[] dout, int hidden, int b, int u, float[] draw,
                                         float[] dprevious) {
        int r = b * 4 * hidden;
        int o = b * 3 * hidden;
        float c = out[o + hidden + u];
        float n = out[o + 2 * hidden + u];
        float dy = dout[o + u];
        float dc = dout[o + hidden + u] + dy * og / n;
        float dn = dout[o + 2 * hidden + u] - dy * og * c / (n * n);
        draw[r + 3 * hidden + u] += dy * c / n * og * (1f - og);
        draw[r + 2 * hidden + u] += dc * ip * (1f - z * z);
        draw[r + u] += (dc * z + dn) * ip;
        if (previous != null) {
            float cPrev = previous[o + hidden + u];
            float nPrev = previous[o + 2 * hidden + u];
            draw[r + hidden + u] += (dc * cPrev + dn * nPrev) * fp * (1f - sf);
            dprevious[o + hidden + u] += dc * fp;
            dprevious[o + 2 * hidden + u] += dn * fp;
        }
    }
}
