package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Block-diagonal products with square blocks narrower than a vector (xLSTM's 4 x 4 query, key and
 * value maps): a vector holds several whole blocks, and lane {@code c = b s + j} gets
 * {@code x[b s + i]} by a shuffle, so each product is {@code s} shuffles and fused multiply-adds per
 * vector with the weights laid out by lane. Other shapes use the host loops.
 */
final class BlockDiagonalKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private BlockDiagonalKernels() {
    }

    /** Whether blocks of {@code in x out} over {@code blocks} blocks take the vector path. */
    static boolean fits(int blocks, int in, int out) {
        return in == out && S.length() % in == 0 && (blocks * in) % S.length() == 0;
    }

    /** {@code spread[i]}: lane c reads lane {@code (c / s) s + i} (entry i of its block). */
    static VectorShuffle<Float>[] spreads(int s) {
        @SuppressWarnings("unchecked")
        VectorShuffle<Float>[] spread = new VectorShuffle[s];
        for (int i = 0; i < s; i++) {
            int entry = i;
            spread[i] = VectorShuffle.fromOp(S, lane -> (lane / s) * s + entry);
        }
        return spread;
    }

    /** {@code byLane[i][b s + j] = w[b, i, j]}: the weights that multiply entry i of each block. */
    static float[][] forwardLayout(float[] w, int blocks, int s) {
        float[][] byLane = new float[s][blocks * s];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    byLane[i][b * s + j] = w[(b * s + i) * s + j];
                }
            }
        }
        return byLane;
    }

    /** {@code byLane[j][b s + i] = w[b, i, j]}: the weights of the transposed blocks. */
    static float[][] backwardLayout(float[] w, int blocks, int s) {
        float[][] byLane = new float[s][blocks * s];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    byLane[j][b * s + i] = w[(b * s + i) * s + j];
                }
            }
        }
        return byLane;
    }

    /** Rows {@code [from, to)} of {@code y = x W} ({@code accumulate}: {@code y += x W}) given a lane layout. */
    static void product(float[] x, float[][] byLane, VectorShuffle<Float>[] spread, int width, float[] y,
                        boolean accumulate, int from, int to) {
        for (int r = from; r < to; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, row + c);
                FloatVector acc = accumulate ? FloatVector.fromArray(S, y, row + c) : FloatVector.zero(S);
                for (int i = 0; i < spread.length; i++) {
                    acc = xv.rearrange(spread[i]).fma(FloatVector.fromArray(S, byLane[i], c), acc);
                }
                acc.intoArray(y, row + c);
            }
        }
    }

    /** {@code dW += x_b^T dy_b} over all rows in order. */
    static void weightGradient(float[] x, float[] dy, int rows, int blocks, int s, VectorShuffle<Float>[] spread,
                               float[] dw) {
        int width = blocks * s;
        float[][] acc = new float[s][width];
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, row + c);
                FloatVector dyv = FloatVector.fromArray(S, dy, row + c);
                for (int i = 0; i < s; i++) {
                    xv.rearrange(spread[i]).fma(dyv, FloatVector.fromArray(S, acc[i], c)).intoArray(acc[i], c);
                }
            }
        }
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    dw[(b * s + i) * s + j] += acc[i][b * s + j];
                }
            }
        }
    }
}
