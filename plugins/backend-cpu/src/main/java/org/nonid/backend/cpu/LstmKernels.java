package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.LstmShape;
import org.nonid.kernels.host.LstmCells;

/**
 * The LSTM cell with units in vector lanes (sigmoid and tanh from {@link VectorMath#expInPlace}); the
 * units past the last full vector take the host's scalar path. Semantics and the saved layout
 * {@code [i f g o tanh(c)]} as {@link org.nonid.api.compute.host.LstmCells}.
 *
 * <p>The forward step runs as passes over the rows, the exponentials in place through
 * {@link VectorMath#expInPlace}, and no method here takes or returns a vector: one loop holding
 * all five activations grew past the JIT's inlining budget, which then called the activations out
 * of line with every vector boxed on the heap (400 MB of garbage a second at P2's size).
 */
final class LstmKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Reads for the null (all-zero) arrays of the backward step; grows to the widest hidden size seen. */
    private static volatile float[] zeros = new float[0];

    private LstmKernels() {
    }

    /** Whether hidden units are whole vectors, as {@link #sequenceStep} and {@link #sequenceBackward} need. */
    static boolean wholeVectors(int hidden) {
        return S.loopBound(hidden) == hidden;
    }

    static void forward(float[] gates, float[] cPrevious, int hidden, float[] h, float[] c, float[] saved,
                        int from, int to) {
        int vectorEnd = S.loopBound(hidden);
        if (vectorEnd == hidden) {
            activations(gates, 0, 4 * hidden, null, 0, 0, null, hidden, saved, from, to);
        } else if (vectorEnd > 0) {
            sigmoids(gates, hidden, saved, 0, vectorEnd, from, to);
            sigmoids(gates, hidden, saved, hidden, vectorEnd, from, to);
            tanhs(gates, hidden, saved, 2 * hidden, vectorEnd, from, to);
            sigmoids(gates, hidden, saved, 3 * hidden, vectorEnd, from, to);
        }
        if (vectorEnd > 0) {
            cells(saved, cPrevious, hidden, h, c, h, 0, hidden, vectorEnd, from, to);
        }
        for (int b = from; b < to; b++) {
            for (int u = vectorEnd; u < hidden; u++) {
                LstmCells.forwardUnit(gates, cPrevious, hidden, h, c, saved, b, u);
            }
        }
    }

    /**
     * Step t of a layer over whole sequences ({@code lstmSequenceStep}), for hidden sizes that are
     * whole vectors: the pre-activations {@code product + (projected + bias)} summed as they are
     * read, h stored to {@code out}'s step t as well.
     */
    static void sequenceStep(float[] product, float[] projected, float[] bias, int t, int time, float[] cPrevious,
                             int hidden, float[] h, float[] c, float[] saved, float[] out, int from, int to) {
        int width = 4 * hidden;
        if (product == null) {
            activations(projected, t * width, time * width, null, 0, 0, bias, hidden, saved, from, to);
        } else {
            activations(product, 0, width, projected, t * width, time * width, bias, hidden, saved, from, to);
        }
        cells(saved, cPrevious, hidden, h, c, out, t * hidden, time * hidden, hidden, from, to);
    }

    /**
     * The four gates' activations of each row whose units are whole vectors, as {@link #sigmoids}
     * and {@link #tanhs} compute them, with one exponential pass over the row's four gates. Row b's
     * pre-activations are {@code a[aStart + b aStride ...]}, plus {@code p[pStart + b pStride ...]}
     * where p is given, plus the bias (added to p where p is given) where it is given.
     */
    private static void activations(float[] a, int aStart, int aStride, float[] p, int pStart, int pStride,
                                    float[] bias, int hidden, float[] saved, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        int g = 2 * hidden;
        int o = 3 * hidden;
        for (int b = from; b < to; b++) {
            int s0 = b * 5 * hidden;
            int a0 = aStart + b * aStride;
            int p0 = pStart + b * pStride;
            exponents(a, a0, p, p0, bias, 0, g, -1f, saved, s0);
            exponents(a, a0, p, p0, bias, g, o, -2f, saved, s0);
            exponents(a, a0, p, p0, bias, o, 4 * hidden, -1f, saved, s0);
            VectorMath.expInPlace(saved, s0, s0 + 4 * hidden);
            for (int u = 0; u < g; u += S.length()) {
                one.div(FloatVector.fromArray(S, saved, s0 + u).add(1f)).intoArray(saved, s0 + u);
            }
            for (int u = g; u < o; u += S.length()) {
                two.div(FloatVector.fromArray(S, saved, s0 + u).add(1f)).sub(1f).intoArray(saved, s0 + u);
            }
            for (int u = o; u < 4 * hidden; u += S.length()) {
                one.div(FloatVector.fromArray(S, saved, s0 + u).add(1f)).intoArray(saved, s0 + u);
            }
        }
    }

    /**
     * Units {@code [from, to)} of one row's exponents into saved: {@code m x} for the pre-activations
     * x = {@code a}, {@code a + bias}, {@code a + p} or {@code a + (p + bias)} (m = -1 for the
     * sigmoids, whose {@code -x} it forms exactly, -2 for tanh(g)).
     */
    private static void exponents(float[] a, int a0, float[] p, int p0, float[] bias, int from, int to, float m,
                                  float[] saved, int s0) {
        if (p == null && bias == null) {
            for (int u = from; u < to; u += S.length()) {
                FloatVector.fromArray(S, a, a0 + u).mul(m).intoArray(saved, s0 + u);
            }
        } else if (p == null) {
            for (int u = from; u < to; u += S.length()) {
                FloatVector.fromArray(S, a, a0 + u).add(FloatVector.fromArray(S, bias, u)).mul(m)
                        .intoArray(saved, s0 + u);
            }
        } else if (bias == null) {
            for (int u = from; u < to; u += S.length()) {
                FloatVector.fromArray(S, a, a0 + u).add(FloatVector.fromArray(S, p, p0 + u)).mul(m)
                        .intoArray(saved, s0 + u);
            }
        } else {
            for (int u = from; u < to; u += S.length()) {
                FloatVector.fromArray(S, a, a0 + u)
                        .add(FloatVector.fromArray(S, p, p0 + u).add(FloatVector.fromArray(S, bias, u))).mul(m)
                        .intoArray(saved, s0 + u);
            }
        }
    }

    /** {@code saved[gate] = sigmoid(gates[gate])} for units {@code [0, end)} of one gate of each row. */
    private static void sigmoids(float[] gates, int hidden, float[] saved, int gate, int end, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden + gate;
            int s0 = b * 5 * hidden + gate;
            for (int u = 0; u < end; u += S.length()) {
                FloatVector.fromArray(S, gates, g0 + u).neg().intoArray(saved, s0 + u);
            }
            VectorMath.expInPlace(saved, s0, s0 + end);
            for (int u = 0; u < end; u += S.length()) {
                one.div(FloatVector.fromArray(S, saved, s0 + u).add(1f)).intoArray(saved, s0 + u);
            }
        }
    }

    /** {@code saved[gate] = tanh(gates[gate])} as {@code 2 sigmoid(2x) - 1}: exactly +-1 where exp over- or underflows. */
    private static void tanhs(float[] gates, int hidden, float[] saved, int gate, int end, int from, int to) {
        FloatVector two = FloatVector.broadcast(S, 2f);
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden + gate;
            int s0 = b * 5 * hidden + gate;
            for (int u = 0; u < end; u += S.length()) {
                FloatVector.fromArray(S, gates, g0 + u).mul(-2f).intoArray(saved, s0 + u);
            }
            VectorMath.expInPlace(saved, s0, s0 + end);
            for (int u = 0; u < end; u += S.length()) {
                two.div(FloatVector.fromArray(S, saved, s0 + u).add(1f)).sub(1f).intoArray(saved, s0 + u);
            }
        }
    }

    /**
     * The cells from the saved activations: {@code c = i g + f c'} ({@code c = i g} without a
     * previous cell); writes c, h (row b also to {@code out[oStart + b oStride ...]}) and tanh(c).
     */
    private static void cells(float[] saved, float[] cPrevious, int hidden, float[] h, float[] c, float[] out,
                              int oStart, int oStride, int end, int from, int to) {
        for (int b = from; b < to; b++) {
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            if (cPrevious == null) {
                for (int u = 0; u < end; u += S.length()) {
                    FloatVector i = FloatVector.fromArray(S, saved, s0 + u);
                    FloatVector g = FloatVector.fromArray(S, saved, s0 + 2 * hidden + u);
                    FloatVector cell = i.mul(g);
                    cell.intoArray(c, c0 + u);
                    cell.mul(-2f).intoArray(saved, s0 + 4 * hidden + u);
                }
            } else {
                for (int u = 0; u < end; u += S.length()) {
                    FloatVector i = FloatVector.fromArray(S, saved, s0 + u);
                    FloatVector f = FloatVector.fromArray(S, saved, s0 + hidden + u);
                    FloatVector g = FloatVector.fromArray(S, saved, s0 + 2 * hidden + u);
                    FloatVector cell = i.mul(g).add(f.mul(FloatVector.fromArray(S, cPrevious, c0 + u)));
                    cell.intoArray(c, c0 + u);
                    cell.mul(-2f).intoArray(saved, s0 + 4 * hidden + u);
                }
            }
            outputs(saved, s0, hidden, h, c0, out, oStart + b * oStride, end);
        }
    }

    /**
     * From {@code -2c} in the tanh(c) slot of one row: {@code tanh(c) = 2 / (e^-2c + 1) - 1} there
     * and {@code h = o tanh(c)}, stored at {@code h[c0...]} and {@code out[o0...]} (which may be the same).
     */
    private static void outputs(float[] saved, int s0, int hidden, float[] h, int c0, float[] out, int o0, int end) {
        FloatVector two = FloatVector.broadcast(S, 2f);
        int t0 = s0 + 4 * hidden;
        VectorMath.expInPlace(saved, t0, t0 + end);
        for (int u = 0; u < end; u += S.length()) {
            FloatVector tc = two.div(FloatVector.fromArray(S, saved, t0 + u).add(1f)).sub(1f);
            tc.intoArray(saved, t0 + u);
            FloatVector hu = FloatVector.fromArray(S, saved, s0 + 3 * hidden + u).mul(tc);
            hu.intoArray(h, c0 + u);
            hu.intoArray(out, o0 + u);
        }
    }

    static void backward(float[] saved, float[] cPrevious, float[] dh, float[] dc, int hidden, float[] dGates,
                         float[] dcPrevious, int from, int to) {
        int vectorEnd = S.loopBound(hidden);
        if (vectorEnd > 0) {
            // A null array reads as zeros: the same operations on zeros read from an array, so no
            // vector is chosen by a branch (which the JIT may box).
            float[] zero = zeros(hidden);
            backwardRows(saved, cPrevious == null ? zero : cPrevious, cPrevious != null,
                    dh == null ? zero : dh, dh != null, dc == null ? zero : dc, dc != null,
                    hidden, dGates, dcPrevious, false, vectorEnd, from, to);
        }
        for (int b = from; b < to; b++) {
            for (int u = vectorEnd; u < hidden; u++) {
                LstmCells.backwardUnit(saved, cPrevious, dh, dc, hidden, dGates, dcPrevious, b, u);
            }
        }
    }

    /**
     * The vector units of the backward step; an array whose flag is false is all zeros and read at
     * row 0. With {@code write}, each row of dGates and dcPrevious is written as accumulating into
     * zeros forms it (a zero read from the zero array plus the term: {@code -0} becomes {@code +0}
     * as it would), without clearing the row first.
     */
    private static void backwardRows(float[] saved, float[] cPrevious, boolean cRows, float[] dh, boolean dhRows,
                                     float[] dc, boolean dcRows, int hidden, float[] dGates, float[] dcPrevious,
                                     boolean write, int end, int from, int to) {
        float[] zero = write ? zeros(4 * hidden) : null;
        float[] gatesIn = write ? zero : dGates;
        float[] cellIn = write ? zero : dcPrevious;
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            int in0 = write ? 0 : g0;
            int cIn0 = write ? 0 : c0;
            int cp0 = cRows ? c0 : 0;
            int dh0 = dhRows ? c0 : 0;
            int dc0 = dcRows ? c0 : 0;
            for (int u = 0; u < end; u += S.length()) {
                FloatVector i = FloatVector.fromArray(S, saved, s0 + u);
                FloatVector f = FloatVector.fromArray(S, saved, s0 + hidden + u);
                FloatVector g = FloatVector.fromArray(S, saved, s0 + 2 * hidden + u);
                FloatVector o = FloatVector.fromArray(S, saved, s0 + 3 * hidden + u);
                FloatVector tc = FloatVector.fromArray(S, saved, s0 + 4 * hidden + u);
                FloatVector dhu = FloatVector.fromArray(S, dh, dh0 + u);
                FloatVector dcu = FloatVector.fromArray(S, dc, dc0 + u)
                        .add(dhu.mul(o).mul(tc.mul(tc).neg().add(1f)));
                FloatVector cp = FloatVector.fromArray(S, cPrevious, cp0 + u);
                FloatVector.fromArray(S, gatesIn, in0 + u).add(dcu.mul(g).mul(i.mul(i.neg().add(1f))))
                        .intoArray(dGates, g0 + u);
                FloatVector.fromArray(S, gatesIn, in0 + hidden + u).add(dcu.mul(cp).mul(f.mul(f.neg().add(1f))))
                        .intoArray(dGates, g0 + hidden + u);
                FloatVector.fromArray(S, gatesIn, in0 + 2 * hidden + u).add(dcu.mul(i).mul(g.mul(g).neg().add(1f)))
                        .intoArray(dGates, g0 + 2 * hidden + u);
                FloatVector.fromArray(S, gatesIn, in0 + 3 * hidden + u).add(dhu.mul(tc).mul(o.mul(o.neg().add(1f))))
                        .intoArray(dGates, g0 + 3 * hidden + u);
                if (dcPrevious != null) {
                    FloatVector.fromArray(S, cellIn, cIn0 + u).add(dcu.mul(f)).intoArray(dcPrevious, c0 + u);
                }
            }
        }
    }

    /**
     * The backward of {@link #sequenceStep} ({@code lstmSequenceStepBackward}), for hidden sizes
     * that are whole vectors, a row at a time: the cell's backward step writing dGates and
     * dcPrevious ({@link #backwardRows}), then, while the row is in cache, dGates copied into (or
     * added to) dProjected's step t, and dOut's step t-1 copied into dhPrevious.
     */
    static void sequenceBackward(LstmShape shape, int t, float[] saved, float[] cPrevious, float[] dh, float[] dc,
                                 float[] dGates, float[] dcPrevious, float[] dProjected, boolean accumulateProjected,
                                 float[] dOut, float[] dhPrevious, int from, int to) {
        int hidden = shape.hidden();
        int time = shape.time();
        int width = shape.gates();
        float[] zero = zeros(hidden);
        for (int b = from; b < to; b++) {
            backwardRows(saved, cPrevious == null ? zero : cPrevious, cPrevious != null, dh == null ? zero : dh,
                    dh != null, dc == null ? zero : dc, dc != null, hidden, dGates, dcPrevious, true, hidden, b, b + 1);
            int g0 = b * width;
            int c0 = b * hidden;
            if (dProjected != null) {
                int p0 = (b * time + t) * width;
                if (accumulateProjected) {
                    Elementwise.addBlock(dGates, g0, width, dProjected, p0, width, 1, width);
                } else {
                    System.arraycopy(dGates, g0, dProjected, p0, width);
                }
            }
            if (dhPrevious != null) {
                System.arraycopy(dOut, (b * time + t - 1) * hidden, dhPrevious, c0, hidden);
            }
        }
    }

    private static float[] zeros(int length) {
        float[] z = zeros;
        if (z.length < length) {
            z = new float[length];
            zeros = z;
        }
        return z;
    }
}
