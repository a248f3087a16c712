package org.nonid.kernels.host;

import org.nonid.api.compute.ScanShape;

/** The selective scan of Mamba on float arrays; semantics of {@link org.nonid.api.compute.SequenceKernels#selectiveScan}. */
public final class SelectiveScan {
    private SelectiveScan() {
    }

    /** The forward scan of every sequence. */
    public static void forward(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                                     float[] states, float[] carry, float[] y) {
        for (int b = 0; b < s.batch(); b++) {
            sequence(s, b, u, delta, a, bm, cm, states, carry, y);
        }
    }

    /** The forward scan of one sequence (independent of the others, so callers may run them in parallel). */
    public static void sequence(ScanShape s, int b, float[] u, float[] delta, float[] a, float[] bm,
                                             float[] cm, float[] states, float[] carry, float[] y) {
        int channels = s.channels();
        int n = s.state();
        float[] h = new float[n];
        for (int d = 0; d < channels; d++) {
            int carried = (b * channels + d) * n;
            if (carry != null) {
                System.arraycopy(carry, carried, h, 0, n);
            } else {
                java.util.Arrays.fill(h, 0f);
            }
            for (int t = 0; t < s.time(); t++) {
                int r = b * s.time() + t;
                float dt = delta[r * channels + d];
                float dtu = dt * u[r * channels + d];
                float acc = 0f;
                for (int k = 0; k < n; k++) {
                    float hk = (float) Math.exp(dt * a[d * n + k]) * h[k] + dtu * bm[r * n + k];
                    h[k] = hk;
                    acc += cm[r * n + k] * hk;
                }
                if (states != null) {
                    System.arraycopy(h, 0, states, (r * channels + d) * n, n);
                }
                y[r * channels + d] = acc;
            }
            if (carry != null) {
                System.arraycopy(h, 0, carry, carried, n);
            }
        }
    }

    /** The backward scan of every sequence. */
    public static void backward(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                                             float[] states, float[] dy, float[] du, float[] ddelta, float[] da,
                                             float[] db, float[] dc) {
        for (int b = 0; b < s.batch(); b++) {
            backwardSequence(s, b, u, delta, a, bm, cm, states, dy, du, ddelta, da, db, dc);
        }
    }

    /**
     * The backward scan of one sequence. It adds to {@code da}, which every sequence shares: a
     * caller running sequences in parallel gives each its own {@code da} and sums them.
     */
    public static void backwardSequence(ScanShape s, int b, float[] u, float[] delta, float[] a,
                                                     float[] bm, float[] cm, float[] states, float[] dy, float[] du,
                                                     float[] ddelta, float[] da, float[] db, float[] dc) {
        int channels = s.channels();
        int n = s.state();
        float[] gh = new float[n];
        for (int d = 0; d < channels; d++) {
            java.util.Arrays.fill(gh, 0f);
            for (int t = s.time() - 1; t >= 0; t--) {
                int r = b * s.time() + t;
                int at = r * channels + d;
                float dt = delta[at];
                float x = u[at];
                float g = dy[at];
                int here = at * n;
                int before = here - channels * n;
                float ddt = 0f;
                float dx = 0f;
                for (int k = 0; k < n; k++) {
                    float h = states[here + k];
                    float hPrev = t > 0 ? states[before + k] : 0f;
                    dc[r * n + k] += g * h;
                    float gk = gh[k] + g * cm[r * n + k];
                    float ak = a[d * n + k];
                    float decay = (float) Math.exp(dt * ak);
                    ddt += gk * (hPrev * decay * ak + bm[r * n + k] * x);
                    da[d * n + k] += gk * hPrev * decay * dt;
                    db[r * n + k] += gk * dt * x;
                    dx += gk * dt * bm[r * n + k];
                    gh[k] = gk * decay;
                }
                ddelta[at] += ddt;
                du[at] += dx;
            }
        }
    }
}
