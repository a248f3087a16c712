package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.ScanShape;

/**
 * The selective scan with channels in vector lanes: for each time step and state index k, the
 * decays {@code exp(Δ[d] A[d, k])} of all channels d at once (with {@link VectorMath#exp}), no
 * masks and no reductions in the forward pass. The saved states are laid out
 * {@code [batch, time, state, channels]} (they only pass between this class's two passes); a
 * carried decoding state keeps the API's {@code [batch, channels, state]}.
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
        int vectorEnd = S.loopBound(channels);
        float[] at = transpose(a, channels, n);
        float[] h = new float[n * channels];
        for (int b = from; b < to; b++) {
            for (int k = 0; k < n; k++) {
                for (int d = 0; d < channels; d++) {
                    h[k * channels + d] = carry == null ? 0f : carry[(b * channels + d) * n + k];
                }
            }
            for (int t = 0; t < s.time(); t++) {
                int r = b * s.time() + t;
                int row = r * channels;
                for (int d = 0; d < vectorEnd; d += S.length()) {
                    FloatVector dt = FloatVector.fromArray(S, delta, row + d);
                    FloatVector dtu = dt.mul(FloatVector.fromArray(S, u, row + d));
                    FloatVector acc = FloatVector.zero(S);
                    for (int k = 0; k < n; k++) {
                        int hk = k * channels + d;
                        FloatVector decay = VectorMath.exp(dt.mul(FloatVector.fromArray(S, at, hk)));
                        FloatVector next = decay.mul(FloatVector.fromArray(S, h, hk)).add(dtu.mul(bm[r * n + k]));
                        next.intoArray(h, hk);
                        acc = next.mul(cm[r * n + k]).add(acc);
                    }
                    acc.intoArray(y, row + d);
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
                    y[row + d] = acc;
                }
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

    /** The backward scan of every sequence, in order (they all add into {@code da}). */
    static void backward(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm, float[] states,
                         float[] dy, float[] du, float[] ddelta, float[] da, float[] db, float[] dc) {
        int channels = s.channels();
        int n = s.state();
        int vectorEnd = S.loopBound(channels);
        float[] at = transpose(a, channels, n);
        float[] daT = new float[n * channels];
        float[] gh = new float[n * channels];
        float[] ddt = new float[channels];
        float[] dx = new float[channels];
        for (int b = 0; b < s.batch(); b++) {
            java.util.Arrays.fill(gh, 0f);
            for (int t = s.time() - 1; t >= 0; t--) {
                int r = b * s.time() + t;
                int row = r * channels;
                int here = r * n * channels;
                int before = here - n * channels;
                java.util.Arrays.fill(ddt, 0f);
                java.util.Arrays.fill(dx, 0f);
                for (int k = 0; k < n; k++) {
                    float c = cm[r * n + k];
                    float bk = bm[r * n + k];
                    FloatVector dcAcc = FloatVector.zero(S);
                    FloatVector dbAcc = FloatVector.zero(S);
                    float dcTail = 0f;
                    float dbTail = 0f;
                    for (int d = 0; d < vectorEnd; d += S.length()) {
                        int hk = k * channels + d;
                        FloatVector g = FloatVector.fromArray(S, dy, row + d);
                        FloatVector dt = FloatVector.fromArray(S, delta, row + d);
                        FloatVector x = FloatVector.fromArray(S, u, row + d);
                        FloatVector ak = FloatVector.fromArray(S, at, hk);
                        FloatVector h = FloatVector.fromArray(S, states, here + hk);
                        FloatVector hPrev = t > 0 ? FloatVector.fromArray(S, states, before + hk) : FloatVector.zero(S);
                        dcAcc = g.fma(h, dcAcc);
                        FloatVector gk = g.mul(c).add(FloatVector.fromArray(S, gh, hk));
                        FloatVector decay = VectorMath.exp(dt.mul(ak));
                        FloatVector carried = gk.mul(hPrev).mul(decay);
                        carried.fma(ak, gk.mul(x).mul(bk).add(FloatVector.fromArray(S, ddt, d))).intoArray(ddt, d);
                        carried.fma(dt, FloatVector.fromArray(S, daT, hk)).intoArray(daT, hk);
                        FloatVector gdt = gk.mul(dt);
                        dbAcc = gdt.fma(x, dbAcc);
                        gdt.mul(bk).add(FloatVector.fromArray(S, dx, d)).intoArray(dx, d);
                        gk.mul(decay).intoArray(gh, hk);
                    }
                    for (int d = vectorEnd; d < channels; d++) {
                        int hk = k * channels + d;
                        float g = dy[row + d];
                        float dt = delta[row + d];
                        float x = u[row + d];
                        float hPrev = t > 0 ? states[before + hk] : 0f;
                        dcTail += g * states[here + hk];
                        float gk = gh[hk] + g * c;
                        float decay = (float) Math.exp(dt * at[hk]);
                        float carried = gk * hPrev * decay;
                        ddt[d] += carried * at[hk] + gk * bk * x;
                        daT[hk] += carried * dt;
                        dbTail += gk * dt * x;
                        dx[d] += gk * dt * bk;
                        gh[hk] = gk * decay;
                    }
                    dc[r * n + k] += dcAcc.reduceLanes(VectorOperators.ADD) + dcTail;
                    db[r * n + k] += dbAcc.reduceLanes(VectorOperators.ADD) + dbTail;
                }
                for (int d = 0; d < channels; d++) {
                    ddelta[row + d] += ddt[d];
                    du[row + d] += dx[d];
                }
            }
        }
        for (int d = 0; d < channels; d++) {
            for (int k = 0; k < n; k++) {
                da[d * n + k] += daT[k * channels + d];
            }
        }
    }
}
