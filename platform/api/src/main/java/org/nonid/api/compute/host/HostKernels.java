package org.nonid.api.compute.host;

import org.nonid.api.compute.ScanShape;

/**
 * The sequence kernels on float arrays. Element-wise ones work on {@code [from, to)} so a caller
 * can split them across threads; the others work on whole tensors. Semantics are those of
 * {@link org.nonid.api.compute.SequenceKernels}.
 */
public final class HostKernels {
    private HostKernels() {
    }

    // ------------------------------------------------------------------ activations

    public static void sigmoid(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = sigmoid(x[i]);
        }
    }

    public static void sigmoidBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] += dy[i] * y[i] * (1f - y[i]);
        }
    }

    public static void tanh(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) Math.tanh(x[i]);
        }
    }

    public static void tanhBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] += dy[i] * (1f - y[i] * y[i]);
        }
    }

    public static void exp(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = (float) Math.exp(x[i]);
        }
    }

    public static void softplus(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = x[i];
            out[i] = v > 20f ? v : (float) Math.log1p(Math.exp(v));
        }
    }

    public static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] += dy[i] * sigmoid(x[i]);
        }
    }

    private static float sigmoid(float v) {
        return v >= 0 ? (float) (1.0 / (1.0 + Math.exp(-v))) : (float) (Math.exp(v) / (1.0 + Math.exp(v)));
    }

    // ------------------------------------------------------------------ layout

    public static void copyBlock(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride,
                                 int rows, int cols, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int s = srcOffset + r * srcStride;
            int d = dstOffset + r * dstStride;
            if (accumulate) {
                for (int c = 0; c < cols; c++) {
                    dst[d + c] += src[s + c];
                }
            } else {
                System.arraycopy(src, s, dst, d, cols);
            }
        }
    }

    public static void multiplyRowVector(float[] x, int rows, int cols, float[] v, float[] out, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) {
                float p = x[o + c] * v[c];
                out[o + c] = accumulate ? out[o + c] + p : p;
            }
        }
    }

    // ------------------------------------------------------------------ RMSNorm

    public static void rmsNorm(float[] x, float[] gamma, int rows, int cols, float eps, float[] out, float[] rstd) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double squares = 0;
            for (int c = 0; c < cols; c++) {
                squares += (double) x[o + c] * x[o + c];
            }
            float s = (float) (1.0 / Math.sqrt(squares / cols + eps));
            rstd[r] = s;
            for (int c = 0; c < cols; c++) {
                out[o + c] = x[o + c] * s * gamma[c];
            }
        }
    }

    public static void rmsNormBackward(float[] dy, float[] x, float[] gamma, float[] rstd, int rows, int cols,
                                       float[] dx, float[] dgamma) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float s = rstd[r];
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) dy[o + c] * gamma[c] * x[o + c];
                dgamma[c] += dy[o + c] * x[o + c] * s;
            }
            float k = (float) (dot * s * s * s / cols);
            for (int c = 0; c < cols; c++) {
                dx[o + c] += dy[o + c] * gamma[c] * s - x[o + c] * k;
            }
        }
    }

    // ------------------------------------------------------------------ causal convolution

    public static void causalConv(float[] x, float[] w, int batch, int time, int channels, int kernel, float[] out) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int o = (b * time + t) * channels;
                for (int c = 0; c < channels; c++) {
                    float sum = 0f;
                    for (int j = 0; j < kernel && j <= t; j++) {
                        sum += w[j * channels + c] * x[o - j * channels + c];
                    }
                    out[o + c] = sum;
                }
            }
        }
    }

    public static void causalConvBackward(float[] x, float[] w, float[] dout, int batch, int time, int channels,
                                          int kernel, float[] dx, float[] dw) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int o = (b * time + t) * channels;
                for (int j = 0; j < kernel && j <= t; j++) {
                    int in = o - j * channels;
                    for (int c = 0; c < channels; c++) {
                        float g = dout[o + c];
                        dx[in + c] += w[j * channels + c] * g;
                        dw[j * channels + c] += x[in + c] * g;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ selective scan

    public static void selectiveScan(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                                     float[] states, float[] carry, float[] y) {
        for (int b = 0; b < s.batch(); b++) {
            selectiveScanSequence(s, b, u, delta, a, bm, cm, states, carry, y);
        }
    }

    /** The forward scan of one sequence (independent of the others, so callers may run them in parallel). */
    public static void selectiveScanSequence(ScanShape s, int b, float[] u, float[] delta, float[] a, float[] bm,
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

    public static void selectiveScanBackward(ScanShape s, float[] u, float[] delta, float[] a, float[] bm, float[] cm,
                                             float[] states, float[] dy, float[] du, float[] ddelta, float[] da,
                                             float[] db, float[] dc) {
        for (int b = 0; b < s.batch(); b++) {
            selectiveScanBackwardSequence(s, b, u, delta, a, bm, cm, states, dy, du, ddelta, da, db, dc);
        }
    }

    /**
     * The backward scan of one sequence. It adds to {@code da}, which every sequence shares: a
     * caller running sequences in parallel gives each its own {@code da} and sums them.
     */
    public static void selectiveScanBackwardSequence(ScanShape s, int b, float[] u, float[] delta, float[] a,
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
