package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.ScanShape;

/**
 * The selective scan with channels in vector lanes: for each time step and state index k, the
 * decays {@code exp(Δ[d] A[d, k])} of all channels d at once (with {@link VectorMath#expInPlace}), no
 * masks and no reductions in the forward pass. The saved states are laid out
 * {@code [batch, time, state, channels]} (they only pass between this class's two passes); a
 * carried decoding state keeps the API's {@code [batch, channels, state]}. The checkpointed variants
 * keep the state before every {@code interval}-th step ({@code [batch, stretch, state, channels]})
 * and make a stretch's states again with the same forward step before its backward steps, so
 * their results equal the plain passes' to the bit.
 */
final class Scans {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Scans() {
    }

    /** A as {@code [state, channels]}. */
    private static float[] transpose(float[] a, int channels, int n) {
        float[] t = new float[a.length];
        for (int d = 0; d < channels; d++) {
            for (int k = 0; k < n; k++) {
                t[k * channels + d] = a[d * n + k];
            }
        }
        return t;
    }

    /** The forward scan of sequences {@code [from, to)}. */
    static void forward(ScanShape s, int from, int to, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                        float[] states, float[] carry, float[] y) {
        int channels = s.channels();
        int n = s.state();
        float[] at = transpose(a, channels, n);
        float[] h = new float[n * channels];
        float[] decays = new float[n * channels];
        for (int b = from; b < to; b++) {
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < channels; d++) {
                    h[k * channels + d] = carry == null ? 0f : carry[(b * channels + d) * n + k];
                }
            }
            for (int t = 0; t < s.time(); t++) {
                int r = b * s.time() + t;
                advance(r, channels, n, u, delta, at, bm, cm, h, y, decays, 0);
                if (states != null) {
                    System.arraycopy(h, 0, states, r * n * channels, n * channels);
                }
            }
            if (carry != null) {
                for (int k = 0; k < n; k++) {
                    for (int d = 0; d < channels; d++) {
                        carry[(b * channels + d) * n + k] = h[k * channels + d];
                    }
                }
            }
        }
    }

    /** The forward scan of sequences {@code [from, to)} from zero, keeping the state before every {@code interval}-th step. */
    static void forwardCheckpointed(ScanShape s, int from, int to, float[] u, float[] delta, float[] a, float[] bm,
                                    float[] cm, int interval, float[] checkpoints, float[] y) {
        int channels = s.channels();
        int n = s.state();
        int size = n * channels;
        int stretches = CheckpointedScans.stretches(s.time(), interval);
        float[] at = transpose(a, channels, n);
        float[] h = new float[size];
        float[] decays = new float[n * channels];
        for (int b = from; b < to; b++) {
            java.util.Arrays.fill(h, 0f);
            for (int t = 0; t < s.time(); t++) {
                if (t % interval == 0) {
                    System.arraycopy(h, 0, checkpoints, (b * stretches + t / interval) * size, size);
                }
                advance(b * s.time() + t, channels, n, u, delta, at, bm, cm, h, y, decays, 0);
            }
        }
    }

    /**
     * One time step (row r) of the scan: h ({@code [state, channels]}) advances in place; y's row is
     * written unless y is null. The step's decays of the vector lanes are left in {@code decays} from
     * {@code decaysAt}, as {@link #decays} lays them out.
     */
    private static void advance(int r, int channels, int n, float[] u, float[] delta, float[] at, float[] bm, float[] cm,
                                float[] h, float[] y, float[] decays, int decaysAt) {
        decays(r, channels, n, delta, at, decays, decaysAt);
        recurrence(r, channels, n, u, delta, at, bm, cm, h, y, decays, decaysAt);
    }

    /** The floats {@link #decays} writes for one step. */
    private static int decaysSize(int channels, int n) {
        return S.loopBound(channels) * n;
    }

    /**
     * e^(dt a) of step r's vector lanes into {@code decays} from {@code decaysAt}, block of channels
     * by block: channel d's decay of state k at {@code decaysAt + (d / lanes * n + k) * lanes + d % lanes}.
     */
    private static void decays(int r, int channels, int n, float[] delta, float[] at, float[] decays, int decaysAt) {
        int vectorEnd = S.loopBound(channels);
        int row = r * channels;
        int lanes = S.length();
        for (int d = 0; d < vectorEnd; d += lanes) {
            FloatVector dt = FloatVector.fromArray(S, delta, row + d);
            for (int k = 0; k < n; k++) {
                dt.mul(FloatVector.fromArray(S, at, k * channels + d))
                        .intoArray(decays, decaysAt + (d / lanes * n + k) * lanes);
            }
        }
        VectorMath.expInPlace(decays, decaysAt, decaysAt + vectorEnd * n);
    }

    /**
     * The state update and output of step r, with {@code decays} holding e^(dt a) of the vector
     * lanes, block of channels by block. A method of its own (and too large for the JIT to inline
     * into its caller): with the exponentials in the same method, some compilations ran the vector
     * operations through the Vector API's fallback, the Mamba step a fifth to twice as slow.
     */
    private static void recurrence(int r, int channels, int n, float[] u, float[] delta, float[] at, float[] bm,
                                   float[] cm, float[] h, float[] y, float[] decays, int decaysAt) {
        int vectorEnd = S.loopBound(channels);
        int row = r * channels;
        int lanes = S.length();
        for (int d = 0; d < vectorEnd; d += lanes) {
            FloatVector dt = FloatVector.fromArray(S, delta, row + d);
            FloatVector dtu = dt.mul(FloatVector.fromArray(S, u, row + d));
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < n; k++) {
                int hk = k * channels + d;
                FloatVector decay = FloatVector.fromArray(S, decays, decaysAt + (d / lanes * n + k) * lanes);
                FloatVector next = decay.mul(FloatVector.fromArray(S, h, hk)).add(dtu.mul(bm[r * n + k]));
                next.intoArray(h, hk);
                acc = next.mul(cm[r * n + k]).add(acc);
            }
            if (y != null) {
                acc.intoArray(y, row + d);
            }
        }
        for (int d = vectorEnd; d < channels; d++) {
            float dt = delta[row + d];
            float dtu = dt * u[row + d];
            float acc = 0f;
            for (int k = 0; k < n; k++) {
                int hk = k * channels + d;
                h[hk] = (float) Math.exp(dt * at[hk]) * h[hk] + dtu * bm[r * n + k];
                acc += h[hk] * cm[r * n + k];
            }
            if (y != null) {
                y[row + d] = acc;
            }
        }
    }

    /** The gradients the backward pass carries from step to step and adds up over sequences. */
    private static final class Carried {
        final float[] daT;
        final float[] gh;
        final float[] ddt;
        final float[] dx;
        /** e^(dt a) of one step, as {@link #decays} lays them out. */
        final float[] decays;
        /** Two vectors' lanes to sum. */
        final float[] lanes;
        /** The state before the first step. */
        final float[] zeros;

        Carried(int channels, int n) {
            daT = new float[n * channels];
            gh = new float[n * channels];
            ddt = new float[channels];
            dx = new float[channels];
            decays = new float[decaysSize(channels, n)];
            lanes = new float[2 * S.length()];
            zeros = new float[n * channels];
        }
    }

    /** The backward scan of every sequence, in order (they all add into {@code da}). */
    static void backward(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm, float[] states,
                         float[] dy, float[] du, float[] ddelta, float[] da, float[] db, float[] dc) {
        int channels = s.channels();
        int n = s.state();
        int size = n * channels;
        float[] at = transpose(a, channels, n);
        Carried g = new Carried(channels, n);
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(g.gh, 0f);
            for (int t = s.time() - 1; t >= 0; t--) {
                int r = b * s.time() + t;
                decays(r, channels, n, delta, at, g.decays, 0);
                backStep(r, channels, n, u, delta, at, bm, cm, states, r * size, t > 0 ? states : null, (r - 1) * size,
                        g.decays, 0, dy, du, ddelta, db, dc, g);
            }
        }
        addDa(channels, n, g.daT, da);
    }

    /**
     * The backward scan from the checkpoints of {@link #forwardCheckpointed}: each stretch's states
     * are made again from its checkpoint, then its steps run backward as in {@link #backward}, with
     * the decays the remaking computed (the same products, so the same exponentials).
     */
    static void backwardCheckpointed(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                                     int interval, float[] checkpoints, float[] dy, float[] du, float[] ddelta,
                                     float[] da, float[] db, float[] dc) {
        int channels = s.channels();
        int n = s.state();
        int size = n * channels;
        int stretches = CheckpointedScans.stretches(s.time(), interval);
        float[] at = transpose(a, channels, n);
        Carried g = new Carried(channels, n);
        float[] h = new float[size];
        float[] stretch = new float[Math.min(interval, s.time()) * size];
        int stepDecays = decaysSize(channels, n);
        float[] stretchDecays = new float[Math.min(interval, s.time()) * stepDecays];
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(g.gh, 0f);
            for (int c = stretches - 1; c >= 0; c--) {
                int t0 = c * interval;
                int t1 = Math.min(s.time(), t0 + interval);
                int checkpoint = (b * stretches + c) * size;
                System.arraycopy(checkpoints, checkpoint, h, 0, size);
                for (int t = t0; t < t1; t++) {
                    advance(b * s.time() + t, channels, n, u, delta, at, bm, cm, h, null, stretchDecays,
                            (t - t0) * stepDecays);
                    System.arraycopy(h, 0, stretch, (t - t0) * size, size);
                }
                for (int t = t1 - 1; t >= t0; t--) {
                    float[] previous = t > t0 ? stretch : t > 0 ? checkpoints : null;
                    int previousAt = t > t0 ? (t - t0 - 1) * size : checkpoint;
                    backStep(b * s.time() + t, channels, n, u, delta, at, bm, cm, stretch, (t - t0) * size, previous,
                            previousAt, stretchDecays, (t - t0) * stepDecays, dy, du, ddelta, db, dc, g);
                }
            }
        }
        addDa(channels, n, g.daT, da);
    }

    /**
     * One backward step (row r) given the state after it ({@code h} at {@code hAt}), before it
     * ({@code previous} at {@code previousAt}, or null for zeros) and its {@link #decays} (at
     * {@code decaysAt}).
     */
    private static void backStep(int r, int channels, int n, float[] u, float[] delta, float[] at, float[] bm,
                                 float[] cm, float[] h, int hAt, float[] previous, int previousAt, float[] decays,
                                 int decaysAt, float[] dy, float[] du, float[] ddelta, float[] db, float[] dc, Carried g) {
        int row = r * channels;
        java.util.Arrays.fill(g.ddt, 0f);
        java.util.Arrays.fill(g.dx, 0f);
        // no previous state reads as zeros from an array, so that no vector is chosen by a branch
        float[] before = previous != null ? previous : g.zeros;
        int beforeAt = previous != null ? previousAt : 0;
        for (int k = 0; k < n; k++) {
            stateBackward(r, k, channels, n, u, delta, at, bm, cm, h, hAt, before, beforeAt, previous != null, decays,
                    decaysAt, dy, db, dc, g);
        }
        for (int d = 0; d < channels; d++) {
            ddelta[row + d] += g.ddt[d];
            du[row + d] += g.dx[d];
        }
    }

    /**
     * State k's part of {@link #backStep}, with {@code decays} holding e^(dt a) of its vector lanes
     * from {@code decaysAt}. A method of its own (and too large for the JIT to inline into its caller): all of the
     * step in one method outgrew the JIT's budget, and some compilations then ran the vector
     * operations through the Vector API's fallback, twice as slow.
     */
    private static void stateBackward(int r, int k, int channels, int n, float[] u, float[] delta, float[] at,
                                      float[] bm, float[] cm, float[] h, int hAt, float[] before, int beforeAt,
                                      boolean hasBefore, float[] decays, int decaysAt, float[] dy, float[] db,
                                      float[] dc, Carried g) {
        int vectorEnd = S.loopBound(channels);
        int row = r * channels;
        int lanes = S.length();
        float[] ddt = g.ddt;
        float[] dx = g.dx;
        float[] gh = g.gh;
        float[] daT = g.daT;
        float c = cm[r * n + k];
        float bk = bm[r * n + k];
        FloatVector dcAcc = FloatVector.zero(S);
        FloatVector dbAcc = FloatVector.zero(S);
        for (int d = 0; d < vectorEnd; d += S.length()) {
            int hk = k * channels + d;
            FloatVector gy = FloatVector.fromArray(S, dy, row + d);
            FloatVector dt = FloatVector.fromArray(S, delta, row + d);
            FloatVector x = FloatVector.fromArray(S, u, row + d);
            FloatVector ak = FloatVector.fromArray(S, at, hk);
            FloatVector hv = FloatVector.fromArray(S, h, hAt + hk);
            FloatVector hPrev = FloatVector.fromArray(S, before, beforeAt + hk);
            dcAcc = gy.fma(hv, dcAcc);
            FloatVector gk = gy.mul(c).add(FloatVector.fromArray(S, gh, hk));
            FloatVector decay = FloatVector.fromArray(S, decays, decaysAt + (d / lanes * n + k) * lanes);
            FloatVector carried = gk.mul(hPrev).mul(decay);
            carried.fma(ak, gk.mul(x).mul(bk).add(FloatVector.fromArray(S, ddt, d))).intoArray(ddt, d);
            carried.fma(dt, FloatVector.fromArray(S, daT, hk)).intoArray(daT, hk);
            FloatVector gdt = gk.mul(dt);
            dbAcc = gdt.fma(x, dbAcc);
            gdt.mul(bk).add(FloatVector.fromArray(S, dx, d)).intoArray(dx, d);
            gk.mul(decay).intoArray(gh, hk);
        }
        float dcTail = 0f;
        float dbTail = 0f;
        for (int d = vectorEnd; d < channels; d++) {
            int hk = k * channels + d;
            float gy = dy[row + d];
            float dt = delta[row + d];
            float x = u[row + d];
            float hPrev = hasBefore ? before[beforeAt + hk] : 0f;
            dcTail += gy * h[hAt + hk];
            float gk = gh[hk] + gy * c;
            float decay = (float) Math.exp(dt * at[hk]);
            float carried = gk * hPrev * decay;
            ddt[d] += carried * at[hk] + gk * bk * x;
            daT[hk] += carried * dt;
            dbTail += gk * dt * x;
            dx[d] += gk * dt * bk;
            gh[hk] = gk * decay;
        }
        dcAcc.intoArray(g.lanes, 0);
        dbAcc.intoArray(g.lanes, lanes);
        dc[r * n + k] += VectorMath.orderedSumLanes(g.lanes, 0) + dcTail;
        db[r * n + k] += VectorMath.orderedSumLanes(g.lanes, lanes) + dbTail;
    }

    private static void addDa(int channels, int n, float[] daT, float[] da) {
        for (int d = 0; d < channels; d++) {
            for (int k = 0; k < n; k++) {
                da[d * n + k] += daT[k * channels + d];
            }
        }
    }
}
