package org.nonid.backend.cpu;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.SQRT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer norm with one row per vector lane. {@link RowOps}' row loop sums each row in double
 * precision, one column after another: a chain of dependent additions, as slow on rows of 10-64
 * columns as the latency of an addition allows. Here a block of rows is transposed into scratch
 * so that every lane runs one row's chain, column by column, with the same operations in the same
 * order (float to double, double sums, float products): the values are {@link RowOps}' to the
 * bit. Rows past the last whole block go through {@link RowOps}.
 *
 * <p>Only the preferred float shape and the double shape of the same size are used: on JDK 17 a
 * second float shape in the process (a half-width vector for the half as many doubles) made the
 * JIT box vectors in unrelated kernels (attention's exp twice as slow). So a block is a float
 * vector of rows whose double sums run in two halves, the upper half read {@code HALF} floats on.
 * No method here takes or returns a vector: in a caller this large the JIT may leave such a
 * method out of line and box its vectors on every call.
 */
final class LayerNormKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = F.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.withShape(F.vectorShape());
    private static final int HALF = D.length();
    /** Offsets of a column's lanes in a transposed block: lane j of column c at {@code c * BLOCK + j * BLOCK}, rows apart. */
    private static final int[] LANES_APART = lanesApart(BLOCK);

    private LayerNormKernels() {
    }

    static void forward(float[] x, float[] gamma, float[] beta, int cols, float eps, float[] out, float[] mean,
                        float[] rstd, int from, int to) {
        float[] t = new float[cols * BLOCK + HALF];
        int[] rowsApart = lanesApart(cols);
        float[] lanes = new float[BLOCK + HALF];
        int r0 = from;
        for (; r0 + BLOCK <= to; r0 += BLOCK) {
            transposeIn(x, r0, cols, rowsApart, t);
            normalize(t, gamma, beta, cols, eps, mean, rstd, r0, lanes);
            transposeOut(t, cols, out, r0, false);
        }
        RowOps.layerNorm(x, gamma, beta, cols, eps, out, mean, rstd, r0, to);
    }

    /**
     * The block of rows {@code [r0, r0 + BLOCK)} transposed into t, normalized in place; a method of its
     * own, apart from the transposes' gathers: in one method with them, the JIT gave up on some of the
     * vector operations after the sums (conversions, division) and ran them on boxed vectors.
     */
    private static void normalize(float[] t, float[] gamma, float[] beta, int cols, float eps, float[] mean,
                                  float[] rstd, int r0, float[] lanes) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector epsilon = DoubleVector.broadcast(D, (double) eps);
        DoubleVector sumLo = DoubleVector.zero(D);
        DoubleVector sumHi = DoubleVector.zero(D);
        for (int c = 0; c < cols; c++) {
            sumLo = sumLo.add((DoubleVector) FloatVector.fromArray(F, t, c * BLOCK).convertShape(F2D, D, 0));
            sumHi = sumHi.add((DoubleVector) FloatVector.fromArray(F, t, c * BLOCK + HALF)
                    .convertShape(F2D, D, 0));
        }
        ((FloatVector) sumLo.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, 0);
        ((FloatVector) sumHi.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, HALF);
        FloatVector mu = FloatVector.fromArray(F, lanes, 0);
        FloatVector muHi = FloatVector.fromArray(F, lanes, HALF);
        DoubleVector varLo = DoubleVector.zero(D);
        DoubleVector varHi = DoubleVector.zero(D);
        for (int c = 0; c < cols; c++) {
            FloatVector dLo = FloatVector.fromArray(F, t, c * BLOCK).sub(mu);
            FloatVector dHi = FloatVector.fromArray(F, t, c * BLOCK + HALF).sub(muHi);
            varLo = varLo.add((DoubleVector) dLo.mul(dLo).convertShape(F2D, D, 0));
            varHi = varHi.add((DoubleVector) dHi.mul(dHi).convertShape(F2D, D, 0));
        }
        // (float) (1 / sqrt(var / cols + eps)) per row
        ((FloatVector) one.div(varLo.div(cols).add(epsilon).lanewise(SQRT)).convertShape(D2F, F, 0))
                .intoArray(lanes, 0);
        ((FloatVector) one.div(varHi.div(cols).add(epsilon).lanewise(SQRT)).convertShape(D2F, F, 0))
                .intoArray(lanes, HALF);
        FloatVector inv = FloatVector.fromArray(F, lanes, 0);
        mu.intoArray(mean, r0);
        inv.intoArray(rstd, r0);
        for (int c = 0; c < cols; c++) {
            FloatVector.fromArray(F, t, c * BLOCK).sub(mu).mul(inv).mul(gamma[c]).add(beta[c]).intoArray(t, c * BLOCK);
        }
    }

    /** Accumulates dx for rows [from, to) and adds those rows' dgamma, dbeta terms, row after row. */
    static void backward(float[] dy, float[] x, float[] gamma, float[] mean, float[] rstd, int cols, float[] dx,
                         float[] dgamma, float[] dbeta, int from, int to) {
        float[] tx = new float[cols * BLOCK + HALF];
        float[] tdy = new float[cols * BLOCK + HALF];
        int[] rowsApart = lanesApart(cols);
        float[] lanes = new float[BLOCK + HALF];
        float[] rowMeans = new float[BLOCK + HALF];
        float[] rowScales = new float[BLOCK + HALF];
        int r0 = from;
        for (; r0 + BLOCK <= to; r0 += BLOCK) {
            transposeIn(x, r0, cols, rowsApart, tx);
            transposeIn(dy, r0, cols, rowsApart, tdy);
            inputGradient(tx, tdy, gamma, mean, rstd, cols, r0, lanes, rowMeans, rowScales);
            transposeOut(tx, cols, dx, r0, true);
            for (int r = r0; r < r0 + BLOCK; r++) {
                parameterGradients(dy, x, mean[r], rstd[r], cols, dgamma, dbeta, r);
            }
        }
        RowOps.layerNormBackward(dy, x, gamma, mean, rstd, cols, dx, dgamma, dbeta, r0, to);
    }

    /**
     * The input's gradient of the block of rows {@code [r0, r0 + BLOCK)} (x and dy transposed into tx
     * and tdy) into tx, a method of its own as {@link #normalize}.
     */
    private static void inputGradient(float[] tx, float[] tdy, float[] gamma, float[] mean, float[] rstd, int cols,
                                      int r0, float[] lanes, float[] rowMeans, float[] rowScales) {
        System.arraycopy(mean, r0, rowMeans, 0, BLOCK);
        System.arraycopy(rstd, r0, rowScales, 0, BLOCK);
        FloatVector mu = FloatVector.fromArray(F, rowMeans, 0);
        FloatVector inv = FloatVector.fromArray(F, rowScales, 0);
        FloatVector muHi = FloatVector.fromArray(F, rowMeans, HALF);
        FloatVector invHi = FloatVector.fromArray(F, rowScales, HALF);
        DoubleVector sumGLo = DoubleVector.zero(D);
        DoubleVector sumGHi = DoubleVector.zero(D);
        DoubleVector sumGXLo = DoubleVector.zero(D);
        DoubleVector sumGXHi = DoubleVector.zero(D);
        for (int c = 0; c < cols; c++) {
            FloatVector xhatLo = FloatVector.fromArray(F, tx, c * BLOCK).sub(mu).mul(inv);
            FloatVector gLo = FloatVector.fromArray(F, tdy, c * BLOCK).mul(gamma[c]);
            FloatVector xhatHi = FloatVector.fromArray(F, tx, c * BLOCK + HALF).sub(muHi).mul(invHi);
            FloatVector gHi = FloatVector.fromArray(F, tdy, c * BLOCK + HALF).mul(gamma[c]);
            sumGLo = sumGLo.add((DoubleVector) gLo.convertShape(F2D, D, 0));
            sumGHi = sumGHi.add((DoubleVector) gHi.convertShape(F2D, D, 0));
            sumGXLo = sumGXLo.add((DoubleVector) gLo.mul(xhatLo).convertShape(F2D, D, 0));
            sumGXHi = sumGXHi.add((DoubleVector) gHi.mul(xhatHi).convertShape(F2D, D, 0));
        }
        ((FloatVector) sumGLo.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, 0);
        ((FloatVector) sumGHi.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, HALF);
        FloatVector meanG = FloatVector.fromArray(F, lanes, 0);
        ((FloatVector) sumGXLo.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, 0);
        ((FloatVector) sumGXHi.div(cols).convertShape(D2F, F, 0)).intoArray(lanes, HALF);
        FloatVector meanGX = FloatVector.fromArray(F, lanes, 0);
        for (int c = 0; c < cols; c++) {
            FloatVector xhat = FloatVector.fromArray(F, tx, c * BLOCK).sub(mu).mul(inv);
            FloatVector g = FloatVector.fromArray(F, tdy, c * BLOCK).mul(gamma[c]);
            inv.mul(g.sub(meanG).sub(xhat.mul(meanGX))).intoArray(tx, c * BLOCK);
        }
    }

    /** dgamma += dy * xhat, dbeta += dy for one row, columns in vector lanes. */
    private static void parameterGradients(float[] dy, float[] x, float mu, float inv, int cols, float[] dgamma,
                                           float[] dbeta, int r) {
        int base = r * cols;
        int c = 0;
        for (; c < F.loopBound(cols); c += BLOCK) {
            FloatVector d = FloatVector.fromArray(F, dy, base + c);
            FloatVector xhat = FloatVector.fromArray(F, x, base + c).sub(mu).mul(inv);
            FloatVector.fromArray(F, dgamma, c).add(d.mul(xhat)).intoArray(dgamma, c);
            FloatVector.fromArray(F, dbeta, c).add(d).intoArray(dbeta, c);
        }
        for (; c < cols; c++) {
            float xhat = (x[base + c] - mu) * inv;
            dgamma[c] += dy[base + c] * xhat;
            dbeta[c] += dy[base + c];
        }
    }

    /** {@code {0, step, 2 step, ...}}, a lane's worth: the offsets a gather of one lane per row or column reads. */
    private static int[] lanesApart(int step) {
        int[] offsets = new int[BLOCK];
        for (int j = 0; j < BLOCK; j++) {
            offsets[j] = j * step;
        }
        return offsets;
    }

    /** t[c * BLOCK + r] = a[(r0 + r) * cols + c]: each column of the block's rows one gather ({@code rowsApart} = rows' offsets). */
    private static void transposeIn(float[] a, int r0, int cols, int[] rowsApart, float[] t) {
        int base = r0 * cols;
        for (int c = 0; c < cols; c++) {
            FloatVector.fromArray(F, a, base + c, rowsApart, 0).intoArray(t, c * BLOCK);
        }
    }

    /** a[(r0 + r) * cols + c] = (or +=) t[c * BLOCK + r]: a row's columns a vector at a time, each a gather. */
    private static void transposeOut(float[] t, int cols, float[] a, int r0, boolean accumulate) {
        int vectorCols = F.loopBound(cols);
        for (int r = 0; r < BLOCK; r++) {
            int base = (r0 + r) * cols;
            int c = 0;
            // two loops, not a vector assigned in a branch: the JIT boxes a vector that two paths merge
            if (accumulate) {
                for (; c < vectorCols; c += BLOCK) {
                    FloatVector.fromArray(F, a, base + c).add(FloatVector.fromArray(F, t, c * BLOCK + r, LANES_APART, 0))
                            .intoArray(a, base + c);
                }
            } else {
                for (; c < vectorCols; c += BLOCK) {
                    FloatVector.fromArray(F, t, c * BLOCK + r, LANES_APART, 0).intoArray(a, base + c);
                }
            }
            for (; c < cols; c++) {
                a[base + c] = accumulate ? a[base + c] + t[c * BLOCK + r] : t[c * BLOCK + r];
            }
        }
    }
}
