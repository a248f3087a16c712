package org.nonid.kernels.host;

/**
 * The element-wise, layout, RMSNorm and convolution kernels on float arrays. Element-wise ones
 * work on {@code [from, to)} so a caller can split them across threads; the others work on whole
 * tensors. Semantics are those of {@link org.nonid.api.compute.SequenceKernels}.
 */
public final class HostKernels {
    /** Above this, {@link #softplus} is x itself (log(1 + e^x) rounds to x in float well before). */
    public static final float SOFTPLUS_LINEAR_FROM = 20f;

    private HostKernels() {
    }

    /** An element-wise kernel {@code out = f(x)} on {@code [from, to)}. */
    @FunctionalInterface
    public interface Unary {
        void apply(float[] x, float[] out, int from, int to);
    }

    /** An element-wise backward kernel {@code dx += g(a, dy)} on {@code [from, to)}. */
    @FunctionalInterface
    public interface Backward {
        void apply(float[] a, float[] dy, float[] dx, int from, int to);
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
            out[i] = RoundedFunctions.tanh(x[i]);
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
            out[i] = v > SOFTPLUS_LINEAR_FROM ? v : RoundedFunctions.log1pExp(v);
        }
    }

    public static void softplusBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] += dy[i] * sigmoid(x[i]);
        }
    }

    private static float sigmoid(float v) {
        return Logistic.sigmoid(v);
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
}
