package org.nonid.kernels.host;

/**
 * Products with a block-diagonal matrix held compactly as {@code w [blocks * in, out]} (block b's
 * {@code in x out} weights are rows {@code [b in, (b + 1) in)}); semantics of
 * {@link org.nonid.api.compute.SequenceKernels#blockDiagonal}.
 */
public final class BlockDiagonalProducts {
    private BlockDiagonalProducts() {
    }

    /** Rows {@code [from, to)} of {@code y = x W}. */
    public static void forward(float[] x, float[] w, int blocks, int in, int out, float[] y, int from, int to) {
        for (int r = from; r < to; r++) {
            for (int b = 0; b < blocks; b++) {
                int xr = r * blocks * in + b * in;
                int yr = r * blocks * out + b * out;
                for (int j = 0; j < out; j++) {
                    float sum = 0f;
                    for (int i = 0; i < in; i++) {
                        sum += x[xr + i] * w[(b * in + i) * out + j];
                    }
                    y[yr + j] = sum;
                }
            }
        }
    }

    /** Rows {@code [from, to)} of {@code dx += dy W^T}. */
    public static void inputGradient(float[] dy, float[] w, int blocks, int in, int out, float[] dx, int from, int to) {
        for (int r = from; r < to; r++) {
            for (int b = 0; b < blocks; b++) {
                int xr = r * blocks * in + b * in;
                int yr = r * blocks * out + b * out;
                for (int i = 0; i < in; i++) {
                    float sum = 0f;
                    for (int j = 0; j < out; j++) {
                        sum += dy[yr + j] * w[(b * in + i) * out + j];
                    }
                    dx[xr + i] += sum;
                }
            }
        }
    }

    /** {@code dW += x_b^T dy_b} for every block, summing rows in order. */
    public static void weightGradient(float[] x, float[] dy, int rows, int blocks, int in, int out, float[] dw) {
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < blocks; b++) {
                int xr = r * blocks * in + b * in;
                int yr = r * blocks * out + b * out;
                for (int i = 0; i < in; i++) {
                    float xi = x[xr + i];
                    int wr = (b * in + i) * out;
                    for (int j = 0; j < out; j++) {
                        dw[wr + j] += xi * dy[yr + j];
                    }
                }
            }
        }
    }
}
