package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The depthwise causal convolution of {@code HostKernels} with channels in vector lanes: each
 * output and gradient element sees the same products, added in the same order (a multiply, then
 * an add; no fused multiply-add), so the values are the host kernels' to the bit.
 */
final class Convolutions {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Convolutions() {
    }

    /** out[b, t, c] = sum over j <= min(kernel - 1, t) of w[j, c] x[b, t - j, c], j rising. */
    static void forward(float[] x, float[] w, int batch, int time, int channels, int kernel, float[] out) {
        int vectorEnd = S.loopBound(channels);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int o = (b * time + t) * channels;
                int taps = Math.min(kernel, t + 1);
                for (int c = 0; c < vectorEnd; c += L) {
                    FloatVector sum = FloatVector.zero(S);
                    for (int j = 0; j < taps; j++) {
                        sum = sum.add(FloatVector.fromArray(S, w, j * channels + c)
                                .mul(FloatVector.fromArray(S, x, o - j * channels + c)));
                    }
                    sum.intoArray(out, o + c);
                }
                for (int c = vectorEnd; c < channels; c++) {
                    float sum = 0f;
                    for (int j = 0; j < taps; j++) {
                        sum += w[j * channels + c] * x[o - j * channels + c];
                    }
                    out[o + c] = sum;
                }
            }
        }
    }

    /** Adds the gradients of x and w, in the host kernel's order (sequence, time, tap). */
    static void backward(float[] x, float[] w, float[] dout, int batch, int time, int channels, int kernel,
                         float[] dx, float[] dw) {
        int vectorEnd = S.loopBound(channels);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int o = (b * time + t) * channels;
                for (int j = 0; j < kernel && j <= t; j++) {
                    int in = o - j * channels;
                    int wj = j * channels;
                    for (int c = 0; c < vectorEnd; c += L) {
                        FloatVector g = FloatVector.fromArray(S, dout, o + c);
                        FloatVector.fromArray(S, dx, in + c).add(FloatVector.fromArray(S, w, wj + c).mul(g))
                                .intoArray(dx, in + c);
                        FloatVector.fromArray(S, dw, wj + c).add(FloatVector.fromArray(S, x, in + c).mul(g))
                                .intoArray(dw, wj + c);
                    }
                    for (int c = vectorEnd; c < channels; c++) {
                        float g = dout[o + c];
                        dx[in + c] += w[wj + c] * g;
                        dw[wj + c] += x[in + c] * g;
                    }
                }
            }
        }
    }
}
