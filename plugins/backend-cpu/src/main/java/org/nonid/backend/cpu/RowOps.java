package org.nonid.backend.cpu;

/**
 * Row-wise kernels (softmax, layer norm, cross-entropy) over rows [from, to) of row-major
 * matrices, one row after another. The rows of the models here are short (vocabularies of a few
 * symbols, widths of 10-64). Layer norm runs blocks of rows in vector lanes
 * ({@link LayerNormKernels}) and comes here for the rows past the last block: its values are
 * these loops' to the bit.
 */
final class RowOps {
    private RowOps() {
    }

    static void softmax(float[] x, int cols, float[] out, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                float e = (float) Math.exp(x[base + c] - max);
                out[base + c] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int c = 0; c < cols; c++) {
                out[base + c] *= inv;
            }
        }
    }

    static void softmaxBackward(float[] y, float[] dy, int cols, float[] dx, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += dy[base + c] * y[base + c];
            }
            for (int c = 0; c < cols; c++) {
                dx[base + c] += y[base + c] * (dy[base + c] - (float) dot);
            }
        }
    }

    static void logSoftmax(float[] x, int cols, float[] out, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[base + c] - max);
            }
            float logZ = max + (float) Math.log(sum);
            for (int c = 0; c < cols; c++) {
                out[base + c] = x[base + c] - logZ;
            }
        }
    }

    static void layerNorm(float[] x, float[] gamma, float[] beta, int cols, float eps, float[] out,
                          float[] mean, float[] rstd, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += x[base + c];
            }
            float mu = (float) (sum / cols);
            double var = 0;
            for (int c = 0; c < cols; c++) {
                float d = x[base + c] - mu;
                var += d * d;
            }
            float inv = (float) (1.0 / Math.sqrt(var / cols + eps));
            mean[r] = mu;
            rstd[r] = inv;
            for (int c = 0; c < cols; c++) {
                out[base + c] = (x[base + c] - mu) * inv * gamma[c] + beta[c];
            }
        }
    }

    /** Accumulates dx for rows [from, to) and the partial dgamma, dbeta of those rows. */
    static void layerNormBackward(float[] dy, float[] x, float[] gamma, float[] mean, float[] rstd, int cols,
                                  float[] dx, float[] dgamma, float[] dbeta, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = r * cols;
            float mu = mean[r];
            float inv = rstd[r];
            double sumG = 0;
            double sumGX = 0;
            for (int c = 0; c < cols; c++) {
                float xhat = (x[base + c] - mu) * inv;
                float g = dy[base + c] * gamma[c];
                sumG += g;
                sumGX += g * xhat;
                dgamma[c] += dy[base + c] * xhat;
                dbeta[c] += dy[base + c];
            }
            float meanG = (float) (sumG / cols);
            float meanGX = (float) (sumGX / cols);
            for (int c = 0; c < cols; c++) {
                float xhat = (x[base + c] - mu) * inv;
                float g = dy[base + c] * gamma[c];
                dx[base + c] += inv * (g - meanG - xhat * meanGX);
            }
        }
    }

    /** Weighted cross-entropy of rows [from, to); writes the gradient when dlogits is not null. */
    static double crossEntropy(float[] logits, int cols, int[] targets, float[] weights, float[] dlogits,
                               int from, int to) {
        double total = 0;
        for (int r = from; r < to; r++) {
            int base = r * cols;
            float w = weights == null ? 1f : weights[r];
            int t = targets[r];
            if (t < 0 || t >= cols) {
                throw new IllegalArgumentException("target " + t + " out of range [0, " + cols + ") at row " + r);
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, logits[base + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(logits[base + c] - max);
            }
            double logZ = max + Math.log(sum);
            if (w != 0f) {
                total += w * (logZ - logits[base + t]);
            }
            if (dlogits != null) {
                for (int c = 0; c < cols; c++) {
                    float p = (float) Math.exp(logits[base + c] - logZ);
                    dlogits[base + c] = w * (c == t ? p - 1f : p);
                }
            }
        }
        return total;
    }
}
