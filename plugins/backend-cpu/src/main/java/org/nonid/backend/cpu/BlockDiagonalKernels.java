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
    /**
     * The spreads of blocks of 4 (xLSTM's) as constants: a shuffle read from an array is unpacked
     * again at every use, which made the products twice as slow.
     */
    private static final VectorShuffle<Float> FOUR_0 = spread(4, 0);
    private static final VectorShuffle<Float> FOUR_1 = spread(4, 1);
    private static final VectorShuffle<Float> FOUR_2 = spread(4, 2);
    private static final VectorShuffle<Float> FOUR_3 = spread(4, 3);

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
            spread[i] = spread(s, i);
        }
        return spread;
    }

    private static VectorShuffle<Float> spread(int s, int entry) {
        return VectorShuffle.fromOp(S, lane -> (lane / s) * s + entry);
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
        if (spread.length == 4) {
            productOfFours(x, byLane, width, y, accumulate, from, to);
            return;
        }
        if (spread.length == S.length()) {
            productOfWholeVectors(x, byLane, width, y, accumulate, from, to);
            return;
        }
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

    /** {@link #product} for blocks of 4, its shuffles constants. */
    private static void productOfFours(float[] x, float[][] byLane, int width, float[] y, boolean accumulate, int from,
                                       int to) {
        float[] w0 = byLane[0];
        float[] w1 = byLane[1];
        float[] w2 = byLane[2];
        float[] w3 = byLane[3];
        for (int r = from; r < to; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, row + c);
                FloatVector acc = accumulate ? FloatVector.fromArray(S, y, row + c) : FloatVector.zero(S);
                acc = xv.rearrange(FOUR_0).fma(FloatVector.fromArray(S, w0, c), acc);
                acc = xv.rearrange(FOUR_1).fma(FloatVector.fromArray(S, w1, c), acc);
                acc = xv.rearrange(FOUR_2).fma(FloatVector.fromArray(S, w2, c), acc);
                acc = xv.rearrange(FOUR_3).fma(FloatVector.fromArray(S, w3, c), acc);
                acc.intoArray(y, row + c);
            }
        }
    }

    /**
     * {@link #product} for blocks as wide as a vector (the sLSTM's 16 x 16 on 16 lanes): entry i of
     * the block is read and broadcast, which gives each lane what the shuffle gives it.
     */
    private static void productOfWholeVectors(float[] x, float[][] byLane, int width, float[] y, boolean accumulate,
                                              int from, int to) {
        int s = S.length();
        for (int r = from; r < to; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += s) {
                FloatVector acc = accumulate ? FloatVector.fromArray(S, y, row + c) : FloatVector.zero(S);
                for (int i = 0; i < s; i++) {
                    acc = FloatVector.broadcast(S, x[row + c + i]).fma(FloatVector.fromArray(S, byLane[i], c), acc);
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
        if (s == 4) {
            sumsOfFours(x, dy, rows, width, acc);
        } else if (s == S.length()) {
            sumsOfWholeVectors(x, dy, rows, width, acc);
        } else {
            sums(x, dy, rows, width, spread, acc);
        }
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    dw[(b * s + i) * s + j] += acc[i][b * s + j];
                }
            }
        }
    }

    /** {@code acc[i][b s + j] += x[r, b s + i] dy[r, b s + j]} over all rows in order, for blocks of 4. */
    private static void sumsOfFours(float[] x, float[] dy, int rows, int width, float[][] acc) {
        float[] a0 = acc[0];
        float[] a1 = acc[1];
        float[] a2 = acc[2];
        float[] a3 = acc[3];
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, row + c);
                FloatVector dyv = FloatVector.fromArray(S, dy, row + c);
                xv.rearrange(FOUR_0).fma(dyv, FloatVector.fromArray(S, a0, c)).intoArray(a0, c);
                xv.rearrange(FOUR_1).fma(dyv, FloatVector.fromArray(S, a1, c)).intoArray(a1, c);
                xv.rearrange(FOUR_2).fma(dyv, FloatVector.fromArray(S, a2, c)).intoArray(a2, c);
                xv.rearrange(FOUR_3).fma(dyv, FloatVector.fromArray(S, a3, c)).intoArray(a3, c);
            }
        }
    }

    /** {@link #sums} for blocks as wide as a vector, entry i of the block broadcast. */
    private static void sumsOfWholeVectors(float[] x, float[] dy, int rows, int width, float[][] acc) {
        int s = S.length();
        for (int r = 0; r < rows; r++) {
            int row = r * width;
            for (int c = 0; c < width; c += s) {
                FloatVector dyv = FloatVector.fromArray(S, dy, row + c);
                for (int i = 0; i < s; i++) {
                    FloatVector.broadcast(S, x[row + c + i]).fma(dyv, FloatVector.fromArray(S, acc[i], c))
                            .intoArray(acc[i], c);
                }
            }
        }
    }

    /** {@code acc[i][b s + j] += x[r, b s + i] dy[r, b s + j]} over all rows in order. */
    private static void sums(float[] x, float[] dy, int rows, int width, VectorShuffle<Float>[] spread,
                             float[][] acc) {
        int s = spread.length;
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
    }
}
