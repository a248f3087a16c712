package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.random.Seeds;
import org.nonid.kernels.host.HostKernels;

/** Element-wise kernels over [from, to) ranges of float arrays (vector body, scalar tail). */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Elementwise() {
    }

    static void add(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] + b[i];
        }
    }

    /**
     * {@code dst[d0 + r * ds + c] += src[s0 + r * ss + c]} over a block of rows x cols: the host
     * kernel's sums, each row's whole vectors at a time (the JIT leaves the host's loop scalar, as
     * it cannot tell the two arrays apart). A block added to itself takes the host's loop.
     */
    static void addBlock(float[] src, int s0, int ss, float[] dst, int d0, int ds, int rows, int cols) {
        if (src == dst) {
            HostKernels.copyBlock(src, s0, ss, dst, d0, ds, rows, cols, true);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int s = s0 + r * ss;
            int d = d0 + r * ds;
            int c = 0;
            for (; c + L <= cols; c += L) {
                FloatVector.fromArray(S, dst, d + c).add(FloatVector.fromArray(S, src, s + c)).intoArray(dst, d + c);
            }
            for (; c < cols; c++) {
                dst[d + c] += src[s + c];
            }
        }
    }

    static void axpy(float alpha, float[] x, float[] y, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, x, i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = Math.fma(x[i], alpha, y[i]); // fused, as the vector lanes: results do not depend on the split
        }
    }

    static void multiply(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    static void multiplyAccumulate(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), FloatVector.fromArray(S, out, i))
                    .intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.fma(a[i], b[i], out[i]);
        }
    }

    /** {@code out[i] = x[i] * alpha} for i in {@code [from, to)}; out may be x. */
    static void scale(float[] x, float alpha, float[] out, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, x, i).mul(alpha).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = x[i] * alpha;
        }
    }

    static void relu(float[] x, float[] out, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    static void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        int i = from;
        FloatVector zero = FloatVector.zero(S);
        for (; i + L <= to; i += L) {
            FloatVector g = FloatVector.fromArray(S, dy, i);
            FloatVector masked = zero.blend(g, FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, 0f));
            masked.add(FloatVector.fromArray(S, dx, i)).intoArray(dx, i);
        }
        for (; i < to; i++) {
            if (y[i] > 0f) {
                dx[i] += dy[i];
            }
        }
    }

    /** {@code out[r, c] = x[r, c] + v[c]} for the rows {@code [rowFrom, rowTo)}; out may be x. */
    static void addRowVector(float[] x, int cols, float[] v, float[] out, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            int c = 0;
            for (; c + L <= cols; c += L) {
                FloatVector.fromArray(S, x, base + c).add(FloatVector.fromArray(S, v, c)).intoArray(out, base + c);
            }
            for (; c < cols; c++) {
                out[base + c] = x[base + c] + v[c];
            }
        }
    }

    /**
     * {@code out[r, c] = x[r, c] * v[c]}, or {@code out[r, c] + x[r, c] * v[c]} (product rounded,
     * then the sum, as the host kernel) with {@code accumulate}, for the rows {@code [rowFrom, rowTo)}.
     */
    static void multiplyRowVector(float[] x, int cols, float[] v, float[] out, boolean accumulate, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            int c = 0;
            for (; c + L <= cols; c += L) {
                FloatVector p = FloatVector.fromArray(S, x, base + c).mul(FloatVector.fromArray(S, v, c));
                (accumulate ? FloatVector.fromArray(S, out, base + c).add(p) : p).intoArray(out, base + c);
            }
            for (; c < cols; c++) {
                float p = x[base + c] * v[c];
                out[base + c] = accumulate ? out[base + c] + p : p;
            }
        }
    }

    /** out[c] (+)= sum over rows [rowFrom, rowTo) of x[r, c], row by row so that x streams once. */
    static void sumRows(float[] x, int cols, float[] out, boolean accumulate, int rowFrom, int rowTo) {
        if (!accumulate) {
            java.util.Arrays.fill(out, 0f);
        }
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * cols;
            int c = 0;
            for (; c + L <= cols; c += L) {
                FloatVector.fromArray(S, out, c).add(FloatVector.fromArray(S, x, base + c)).intoArray(out, c);
            }
            for (; c < cols; c++) {
                out[c] += x[base + c];
            }
        }
    }

    /** Inverted dropout with the mask of {@link Seeds#uniform}, computed sixteen lanes at a time. */
    static void dropout(float[] x, float p, long seed, float[] out, float[] mask, int from, int to) {
        DropoutMask m = new DropoutMask(p, seed);
        int i = from;
        if (DropoutMask.VECTORISED) {
            for (; i + L <= to; i += L) {
                m.write(mask, i, i);
                FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, mask, i)).intoArray(out, i);
            }
        }
        for (; i < to; i++) {
            float lane = m.scalarAt(i);
            mask[i] = lane;
            out[i] = x[i] * lane;
        }
    }

    static double sumOfSquares(float[] x, int from, int to) {
        int i = from;
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= to; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            acc = v.fma(v, acc);
        }
        float[] lanes = new float[L];
        acc.intoArray(lanes, 0);
        double sum = VectorMath.sumLanes(lanes, 0);
        for (; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return sum;
    }
}
