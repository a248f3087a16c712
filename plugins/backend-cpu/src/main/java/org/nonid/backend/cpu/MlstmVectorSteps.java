package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.AttentionShape;
import org.nonid.kernels.host.Logistic;
import org.nonid.kernels.host.MlstmSteps;
import org.nonid.kernels.host.XlstmCells;

/**
 * The mLSTM steps with the head's features in vector lanes, each element computed with the host's
 * operations in the host's order ({@link org.nonid.kernels.host.XlstmCells#SCALAR_STEPS}), so the
 * values are the same to the bit. Element-wise updates and sums down C's columns run along a row of
 * C; sums along a row of C (whose order is the row's) run one row per lane, reading C's columns
 * with a strided gather. Sums over the whole state stay scalar: their order is one chain.
 */
final class MlstmVectorSteps implements MlstmSteps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float EPS = XlstmCells.EPS;

    /** The index map of a column of C for the last head width seen (lane l reads row l). */
    private volatile ColumnMap last = new ColumnMap(0);

    private record ColumnMap(int width, int[] map) {
        ColumnMap(int width) {
            this(width, new int[L]);
            for (int l = 0; l < L; l++) {
                map[l] = l * width;
            }
        }
    }

    private int[] column(int dh) {
        ColumnMap m = last;
        if (m.width() != dh) {
            m = new ColumnMap(dh);
            last = m;
        }
        return m.map();
    }

    @Override
    public void step(AttentionShape s, int row, int head, float[] q, float[] k, float[] v, float[] iPre, float[] fPre,
                     float[] st, float[] h) {
        int dh = s.headDim();
        int at = row * s.model() + head * dh;
        int nAt = dh * dh;
        float mPrev = st[nAt + dh];
        float ig = iPre[row * s.heads() + head];
        float lf = Logistic.logSigmoid(fPre[row * s.heads() + head]);
        float m = Math.max(lf + mPrev, ig);
        float fp = (float) Math.exp(lf + mPrev - m);
        float ip = (float) Math.exp(ig - m);
        for (int i = 0; i < dh; i++) {
            decayAndAdd(st, i * dh, fp, k, at, ip * v[at + i], dh);
        }
        decayAndAdd(st, nAt, fp, k, at, ip, dh);
        st[nAt + dh] = m;
        if (h == null) {
            return;
        }
        float den = XlstmCells.normaliserDot(st, nAt, q, at, dh);
        float scale = Math.max(Math.abs(den), (float) Math.exp(-m)) + EPS;
        rowProducts(st, 0, q, at, dh, h, at);
        divide(h, at, scale, dh);
    }

    /** {@code x[at + j] = a * x[at + j] + b * y[yAt + j]} for j < n (two products, then their sum). */
    private static void decayAndAdd(float[] x, int at, float a, float[] y, int yAt, float b, int n) {
        int j = 0;
        for (; j < S.loopBound(n); j += L) {
            FloatVector.fromArray(S, x, at + j).mul(a).add(FloatVector.fromArray(S, y, yAt + j).mul(b))
                    .intoArray(x, at + j);
        }
        for (; j < n; j++) {
            x[at + j] = a * x[at + j] + b * y[yAt + j];
        }
    }

    /** {@code x[at + i] /= d} for i < n. */
    private static void divide(float[] x, int at, float d, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector.fromArray(S, x, at + i).div(d).intoArray(x, at + i);
        }
        for (; i < n; i++) {
            x[at + i] /= d;
        }
    }

    /**
     * {@code out[outAt + i] = sum_j c[cAt + i * dh + j] * y[yAt + j]}, each row's sum from 0 in
     * order of j (products rounded, then added), one row per lane.
     */
    private void rowProducts(float[] c, int cAt, float[] y, int yAt, int dh, float[] out, int outAt) {
        int[] map = column(dh);
        int i = 0;
        for (; i < S.loopBound(dh); i += L) {
            FloatVector acc = FloatVector.zero(S);
            int base = cAt + i * dh;
            for (int j = 0; j < dh; j++) {
                acc = acc.add(FloatVector.fromArray(S, c, base + j, map, 0).mul(y[yAt + j]));
            }
            acc.intoArray(out, outAt + i);
        }
        for (; i < dh; i++) {
            float sum = 0f;
            for (int j = 0; j < dh; j++) {
                sum += c[cAt + i * dh + j] * y[yAt + j];
            }
            out[outAt + i] = sum;
        }
    }

    @Override
    public void backStep(AttentionShape s, int row, int head, boolean hasBefore, float[] q, float[] k, float[] v,
                         float[] iPre, float[] fPre, float[] saved, int savedAt, float[] before, int beforeAt,
                         float[] dhOut, float[] dq, float[] dk, float[] dv, float[] di, float[] df, Carried g) {
        int dh = s.headDim();
        int at = row * s.model() + head * dh;
        int gate = row * s.heads() + head;
        int nAt = savedAt + dh * dh;
        float[] gc = g.gc;
        float[] gn = g.gn;
        float[] hv = g.hv;
        float[] dnum = g.dnum;
        float m = saved[nAt + dh];
        float den = XlstmCells.normaliserDot(saved, nAt, q, at, dh);
        float floor = (float) Math.exp(-m);
        float scale = Math.max(Math.abs(den), floor) + EPS;
        rowProducts(saved, savedAt, q, at, dh, hv, 0);
        divide(hv, 0, scale, dh);
        float gh = 0f;
        for (int i = 0; i < dh; i++) {
            dnum[i] = dhOut[at + i] / scale;
            gh += dhOut[at + i] * hv[i];
        }
        float dden = Math.abs(den) > floor ? -gh * Math.signum(den) / scale : 0f;
        outerAndColumnSums(saved, savedAt, nAt, q, at, dh, dden, gc, gn, dnum, dq);
        float ig = iPre[gate];
        float lf = Logistic.logSigmoid(fPre[gate]);
        float ip = (float) Math.exp(ig - m);
        float mPrev = hasBefore ? before[beforeAt + dh * dh + dh] : 0f;
        float fp = hasBefore ? (float) Math.exp(lf + mPrev - m) : 0f;
        float[] gk = hv;
        rowProducts(gc, 0, k, at, dh, gk, 0);
        float dInput = 0f;
        for (int i = 0; i < dh; i++) {
            dv[at + i] += ip * gk[i];
            dInput += gk[i] * v[at + i];
        }
        keyGradients(gc, gn, v, at, dh, ip, dk);
        for (int j = 0; j < dh; j++) {
            dInput += gn[j] * k[at + j];
        }
        di[gate] += ip * dInput;
        if (hasBefore) {
            float dForget = 0f;
            for (int x = 0; x < dh * dh; x++) {
                dForget += gc[x] * before[beforeAt + x];
            }
            for (int j = 0; j < dh; j++) {
                dForget += gn[j] * before[beforeAt + dh * dh + j];
            }
            df[gate] += fp * dForget * (1f - Logistic.sigmoid(fPre[gate]));
        }
        scale(gc, fp, dh * dh);
        scale(gn, fp, dh);
    }

    /**
     * For each column j: {@code gc[i, j] += dnum[i] q[j]} for every row i, and
     * {@code dq[j] += n[j] dden + sum_i C[i, j] dnum[i]} (rows in order); {@code gn[j] += dden q[j]}.
     */
    private static void outerAndColumnSums(float[] saved, int savedAt, int nAt, float[] q, int at, int dh, float dden,
                                           float[] gc, float[] gn, float[] dnum, float[] dq) {
        int j = 0;
        for (; j < S.loopBound(dh); j += L) {
            FloatVector qv = FloatVector.fromArray(S, q, at + j);
            FloatVector sum = FloatVector.fromArray(S, saved, nAt + j).mul(dden);
            for (int i = 0; i < dh; i++) {
                int x = i * dh + j;
                FloatVector.fromArray(S, gc, x).add(qv.mul(dnum[i])).intoArray(gc, x);
                sum = sum.add(FloatVector.fromArray(S, saved, savedAt + x).mul(dnum[i]));
            }
            FloatVector.fromArray(S, gn, j).add(qv.mul(dden)).intoArray(gn, j);
            FloatVector.fromArray(S, dq, at + j).add(sum).intoArray(dq, at + j);
        }
        for (; j < dh; j++) {
            float sum = saved[nAt + j] * dden;
            for (int i = 0; i < dh; i++) {
                gc[i * dh + j] += dnum[i] * q[at + j];
                sum += saved[savedAt + i * dh + j] * dnum[i];
            }
            gn[j] += dden * q[at + j];
            dq[at + j] += sum;
        }
    }

    /** {@code dk[j] += ip (gn[j] + sum_i gc[i, j] v[i])}, rows in order. */
    private static void keyGradients(float[] gc, float[] gn, float[] v, int at, int dh, float ip, float[] dk) {
        int j = 0;
        for (; j < S.loopBound(dh); j += L) {
            FloatVector gv = FloatVector.fromArray(S, gn, j);
            for (int i = 0; i < dh; i++) {
                gv = gv.add(FloatVector.fromArray(S, gc, i * dh + j).mul(v[at + i]));
            }
            FloatVector.fromArray(S, dk, at + j).add(gv.mul(ip)).intoArray(dk, at + j);
        }
        for (; j < dh; j++) {
            float gv = gn[j];
            for (int i = 0; i < dh; i++) {
                gv += gc[i * dh + j] * v[at + i];
            }
            dk[at + j] += ip * gv;
        }
    }

    private static void scale(float[] x, float a, int n) {
        int i = 0;
        for (; i < S.loopBound(n); i += L) {
            FloatVector.fromArray(S, x, i).mul(a).intoArray(x, i);
        }
        for (; i < n; i++) {
            x[i] *= a;
        }
    }
}
