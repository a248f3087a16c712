package org.nonid.testkit;

import org.nonid.api.compute.AttentionShape;

/**
 * Plain double-precision definitions of the kernels of
 * {@link org.nonid.api.compute.ComputeBackend}: slow, obvious, and the yardstick every backend is
 * held to.
 */
public final class ReferenceKernels {
    private ReferenceKernels() {
    }

    /** C = alpha op(A) op(B) + beta C. */
    public static double[] gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, float[] a,
                                float[] b, double beta, float[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[p * m + i] : a[i * k + p];
                    double y = transB ? b[j * k + p] : b[p * n + j];
                    s += x * y;
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
        return out;
    }

    public static double[] softmaxRows(float[] x, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[r * cols + c] - max);
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = Math.exp(x[r * cols + c] - max) / sum;
            }
        }
        return out;
    }

    public static double[] logSoftmaxRows(float[] x, int rows, int cols) {
        double[] p = softmaxRows(x, rows, cols);
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.log(p[i]);
        }
        return p;
    }

    /** dx0 + y (dy - rowsum(dy y)). */
    public static double[] softmaxRowsBackward(float[] y, float[] dy, int rows, int cols, float[] dx0) {
        double[] dx = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += (double) dy[r * cols + c] * y[r * cols + c];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                dx[i] = dx0[i] + y[i] * (dy[i] - dot);
            }
        }
        return dx;
    }

    /** Layer norm output; mean and rstd into the given arrays. */
    public static double[] layerNorm(float[] x, float[] gamma, float[] beta, int rows, int cols, double eps,
                                     double[] mean, double[] rstd) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int c = 0; c < cols; c++) {
                mu += x[r * cols + c];
            }
            mu /= cols;
            double var = 0;
            for (int c = 0; c < cols; c++) {
                double d = x[r * cols + c] - mu;
                var += d * d;
            }
            var /= cols;
            double inv = 1 / Math.sqrt(var + eps);
            mean[r] = mu;
            rstd[r] = inv;
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (x[r * cols + c] - mu) * inv * gamma[c] + beta[c];
            }
        }
        return out;
    }

    /** Returns {dx, dgamma, dbeta} (without prior accumulation). */
    public static double[][] layerNormBackward(float[] dy, float[] x, float[] gamma, int rows, int cols, double eps) {
        double[] mean = new double[rows];
        double[] rstd = new double[rows];
        layerNorm(x, gamma, new float[cols], rows, cols, eps, mean, rstd);
        double[] dx = new double[rows * cols];
        double[] dg = new double[cols];
        double[] db = new double[cols];
        for (int r = 0; r < rows; r++) {
            double sumG = 0;
            double sumGX = 0;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = (x[i] - mean[r]) * rstd[r];
                double g = dy[i] * gamma[c];
                sumG += g;
                sumGX += g * xhat;
                dg[c] += dy[i] * xhat;
                db[c] += dy[i];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double xhat = (x[i] - mean[r]) * rstd[r];
                double g = dy[i] * gamma[c];
                dx[i] = rstd[r] * (g - sumG / cols - xhat * sumGX / cols);
            }
        }
        return new double[][] {dx, dg, db};
    }

    /** Weighted CE sum and (into grad, if not null) its gradient. */
    public static double crossEntropy(float[] logits, int rows, int cols, int[] targets, float[] weights,
                                      double[] grad) {
        double[] p = softmaxRows(logits, rows, cols);
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double w = weights == null ? 1 : weights[r];
            total += w * -Math.log(p[r * cols + targets[r]]);
            if (grad != null) {
                for (int c = 0; c < cols; c++) {
                    grad[r * cols + c] = w * (p[r * cols + c] - (c == targets[r] ? 1 : 0));
                }
            }
        }
        return total;
    }

    /** Causal attention output; probabilities into probs (size batch*heads*time*time) if not null. */
    public static double[] causalAttention(float[] qkv, AttentionShape s, boolean[] keyPadding, double[] probs) {
        int t = s.time();
        int d = s.model();
        int dh = s.headDim();
        double scale = 1 / Math.sqrt(dh);
        double[] out = new double[s.rows() * d];
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                for (int i = 0; i < t; i++) {
                    double[] w = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        if (keyPadding != null && keyPadding[b * t + j]) {
                            w[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int e = 0; e < dh; e++) {
                            dot += (double) qkv[(b * t + i) * 3 * d + h * dh + e] * qkv[(b * t + j) * 3 * d + d + h * dh + e];
                        }
                        w[j] = dot * scale;
                        max = Math.max(max, w[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        w[j] = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(w[j] - max);
                        sum += w[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        w[j] = sum == 0 ? 0 : w[j] / sum;
                        if (probs != null) {
                            probs[((b * s.heads() + h) * t + i) * t + j] = w[j];
                        }
                    }
                    for (int e = 0; e < dh; e++) {
                        double acc = 0;
                        for (int j = 0; j <= i; j++) {
                            acc += w[j] * qkv[(b * t + j) * 3 * d + 2 * d + h * dh + e];
                        }
                        out[(b * t + i) * d + h * dh + e] = acc;
                    }
                }
            }
        }
        return out;
    }

    /** The mask of inverted dropout at element i. */
    public static double dropoutMask(float p, long seed, long i) {
        return org.nonid.api.random.Seeds.uniform(seed, i) >= p ? 1.0 / (1.0 - p) : 0.0;
    }

    /** One AdamW step; returns {param, m, v}. */
    public static double[][] adamW(float[] p, float[] g, float[] m, float[] v, double lr, double b1, double b2,
                                   double eps, double wd, int step) {
        int n = p.length;
        double[] np = new double[n];
        double[] nm = new double[n];
        double[] nv = new double[n];
        double bc1 = 1 - Math.pow(b1, step);
        double bc2 = 1 - Math.pow(b2, step);
        for (int i = 0; i < n; i++) {
            nm[i] = b1 * m[i] + (1 - b1) * g[i];
            nv[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double denom = Math.sqrt(nv[i]) / Math.sqrt(bc2) + eps;
            np[i] = p[i] * (1 - lr * wd) - lr / bc1 * nm[i] / denom;
        }
        return new double[][] {np, nm, nv};
    }
}
