package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link MlstmLaneScans}, each over a state in lanes ({@code x[e * L + lane]}
 * for element e) and taking only arrays and numbers, so that the JIT compiles each on its own
 * with its vectors in registers. Every lane computes the host's expression in the host's order.
 */
final class MlstmLaneKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private MlstmLaneKernels() {
    }

    /** {@code x[e] = fromArray(a, at + map[lane] + e)} for e < n. */
    static void gather(float[] a, int at, int[] map, float[] x, int n) {
        for (int e = 0; e < n; e++) {
            FloatVector.fromArray(S, a, at + e, map, 0).intoArray(x, e * L);
        }
    }

    /** {@code a[at + map[lane] + e] = x[e]} for e < n, every lane. */
    static void scatter(float[] x, float[] a, int at, int[] map, int n) {
        for (int e = 0; e < n; e++) {
            FloatVector.fromArray(S, x, e * L).intoArray(a, at + e, map, 0);
        }
    }

    /**
     * {@code x[((hd capacity + c) n + e) L + lane] = a[at + map[lane] + c stride + hd n + e]} for
     * c < steps, hd < heads, e < n and every lane: the rows of a stretch of steps in lanes, head by
     * head, read row by row (gathering each element across the lanes costs several times more),
     * one step's head at a time, so that the lines written stay in the first-level cache until
     * every lane has filled them (lane by lane over the whole stretch takes half as long again).
     */
    static void gatherSteps(float[] a, int at, int[] map, int stride, int steps, int heads, int n, int capacity,
                            float[] x) {
        for (int c = 0; c < steps; c++) {
            for (int hd = 0; hd < heads; hd++) {
                int to = (hd * capacity + c) * n * L;
                int rowAt = at + c * stride + hd * n;
                for (int lane = 0; lane < L; lane++) {
                    int from = rowAt + map[lane];
                    for (int e = 0; e < n; e++) {
                        x[to + e * L + lane] = a[from + e];
                    }
                }
            }
        }
    }

    /**
     * The inverse of {@link #gatherSteps} for lanes < count: {@code a[...] = x[...]}, or with
     * {@code add}, {@code a[...] += x[...]}.
     */
    static void scatterSteps(float[] x, float[] a, int at, int[] map, int stride, int steps, int heads, int n,
                             int capacity, int count, boolean add) {
        for (int c = 0; c < steps; c++) {
            for (int hd = 0; hd < heads; hd++) {
                int from = (hd * capacity + c) * n * L;
                int rowAt = at + c * stride + hd * n;
                for (int lane = 0; lane < count; lane++) {
                    int to = rowAt + map[lane];
                    if (add) {
                        for (int e = 0; e < n; e++) {
                            a[to + e] += x[from + e * L + lane];
                        }
                    } else {
                        for (int e = 0; e < n; e++) {
                            a[to + e] = x[from + e * L + lane];
                        }
                    }
                }
            }
        }
    }

    /** {@code out = sum_e a[aAt + e] b[e]} from 0, e in order. */
    static void dot(float[] a, int aAt, float[] b, int n, float[] out) {
        FloatVector sum = FloatVector.zero(S);
        for (int e = 0; e < n; e++) {
            sum = sum.add(FloatVector.fromArray(S, a, aAt + e * L).mul(FloatVector.fromArray(S, b, e * L)));
        }
        sum.intoArray(out, 0);
    }

    /** The normaliser's step: {@code next[j] = fp st[j] + ip k[j]}. */
    static void decayNormaliser(float[] st, int stAt, float[] fp, float[] ip, float[] k, float[] next, int nextAt,
                                int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, 0);
        FloatVector i = FloatVector.fromArray(S, ip, 0);
        for (int j = 0; j < dh; j++) {
            f.mul(FloatVector.fromArray(S, st, stAt + j * L)).add(i.mul(FloatVector.fromArray(S, k, j * L)))
                    .intoArray(next, nextAt + j * L);
        }
    }

    /** C's step: {@code next[i, j] = fp st[i, j] + (ip v[i]) k[j]}. */
    static void decayState(float[] st, int stAt, float[] fp, float[] ip, float[] v, float[] k, float[] next,
                           int nextAt, int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, 0);
        FloatVector in = FloatVector.fromArray(S, ip, 0);
        for (int i = 0; i < dh; i++) {
            FloatVector vi = in.mul(FloatVector.fromArray(S, v, i * L));
            int c = i * dh * L;
            for (int j = 0; j < dh; j++) {
                f.mul(FloatVector.fromArray(S, st, stAt + c + j * L)).add(vi.mul(FloatVector.fromArray(S, k, j * L)))
                        .intoArray(next, nextAt + c + j * L);
            }
        }
    }

    /** C's step as {@link #decayState}, and {@code out[outAt + i] = (sum_j next[i, j] q[j]) / scale}. */
    static void decayStateAndRead(float[] st, int stAt, float[] fp, float[] ip, float[] v, float[] k, float[] q,
                                  float[] scale, float[] next, int nextAt, float[] out, int outAt, int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, 0);
        FloatVector in = FloatVector.fromArray(S, ip, 0);
        FloatVector sc = FloatVector.fromArray(S, scale, 0);
        for (int i = 0; i < dh; i++) {
            FloatVector vi = in.mul(FloatVector.fromArray(S, v, i * L));
            FloatVector num = FloatVector.zero(S);
            int c = i * dh * L;
            for (int j = 0; j < dh; j++) {
                FloatVector x = f.mul(FloatVector.fromArray(S, st, stAt + c + j * L))
                        .add(vi.mul(FloatVector.fromArray(S, k, j * L)));
                x.intoArray(next, nextAt + c + j * L);
                num = num.add(x.mul(FloatVector.fromArray(S, q, j * L)));
            }
            num.div(sc).intoArray(out, outAt + i * L);
        }
    }

    /**
     * The backward step's reading of the saved C: {@code dnum[i] = dh[i] / scale} and
     * {@code gh = sum_i dh[i] (sum_j C[i, j] q[j]) / scale}.
     */
    static void readBack(float[] saved, int savedAt, float[] q, float[] dhOut, float[] scale, float[] dnum, float[] gh,
                         int dh) {
        FloatVector sc = FloatVector.fromArray(S, scale, 0);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < dh; i++) {
            FloatVector num = FloatVector.zero(S);
            int c = savedAt + i * dh * L;
            for (int j = 0; j < dh; j++) {
                num = num.add(FloatVector.fromArray(S, saved, c + j * L).mul(FloatVector.fromArray(S, q, j * L)));
            }
            FloatVector out = FloatVector.fromArray(S, dhOut, i * L);
            out.div(sc).intoArray(dnum, i * L);
            sum = sum.add(out.mul(num.div(sc)));
        }
        sum.intoArray(gh, 0);
    }

    /**
     * Per column j: {@code sums[j] = n[j] dden}, {@code gn[j] += dden q[j]}, {@code gv[j] = gn[j]}.
     */
    static void startColumns(float[] saved, int nAt, float[] dden, float[] q, float[] gn, float[] sums, float[] gv,
                             int dh) {
        FloatVector d = FloatVector.fromArray(S, dden, 0);
        for (int j = 0; j < dh; j++) {
            FloatVector.fromArray(S, saved, nAt + j * L).mul(d).intoArray(sums, j * L);
            FloatVector g = FloatVector.fromArray(S, gn, j * L).add(d.mul(FloatVector.fromArray(S, q, j * L)));
            g.intoArray(gn, j * L);
            g.intoArray(gv, j * L);
        }
    }

    /**
     * The backward step's pass over C's gradient, row by row in the host's order: gc gains
     * {@code dnum q^T}; then {@code sums[j] += C[i, j] dnum[i]}, {@code gk[i] = sum_j gc[i, j] k[j]},
     * {@code gv[j] += gc[i, j] v[i]}, {@code forget = sum gc[i, j] before[i, j]} (row-major), and gc
     * is scaled by fp.
     */
    static void backRows(float[] gc, float[] saved, int savedAt, float[] before, int beforeAt, float[] dnum,
                         float[] q, float[] k, float[] v, float[] fp, float[] sums, float[] gv, float[] gk,
                         float[] forget, int dh) {
        java.util.Arrays.fill(forget, 0f);
        for (int i = 0; i < dh; i++) {
            backRow(gc, saved, savedAt, before, beforeAt, dnum, q, k, v, fp, sums, gv, gk, forget, i, dh);
        }
    }

    /** Row i of {@link #backRows}; the forget gate's sum carried in {@code forget}. */
    private static void backRow(float[] gc, float[] saved, int savedAt, float[] before, int beforeAt, float[] dnum,
                                float[] q, float[] k, float[] v, float[] fp, float[] sums, float[] gv, float[] gk,
                                float[] forget, int i, int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, 0);
        FloatVector di = FloatVector.fromArray(S, dnum, i * L);
        FloatVector vi = FloatVector.fromArray(S, v, i * L);
        FloatVector fo = FloatVector.fromArray(S, forget, 0);
        FloatVector g0 = FloatVector.zero(S);
        int c = i * dh * L;
        for (int j = 0; j < dh; j++) {
            int x = c + j * L;
            FloatVector g = FloatVector.fromArray(S, gc, x).add(di.mul(FloatVector.fromArray(S, q, j * L)));
            FloatVector.fromArray(S, sums, j * L).add(FloatVector.fromArray(S, saved, savedAt + x).mul(di))
                    .intoArray(sums, j * L);
            g0 = g0.add(g.mul(FloatVector.fromArray(S, k, j * L)));
            FloatVector.fromArray(S, gv, j * L).add(g.mul(vi)).intoArray(gv, j * L);
            fo = fo.add(g.mul(FloatVector.fromArray(S, before, beforeAt + x)));
            g.mul(f).intoArray(gc, x);
        }
        g0.intoArray(gk, i * L);
        fo.intoArray(forget, 0);
    }

    /**
     * The end of a backward step: {@code dv part = ip gk}, {@code dk part = ip gv},
     * {@code input = sum_i gk[i] v[i] + sum_j gn[j] k[j]}, {@code forget += sum_j gn[j] n[j]}
     * (n the state before), and gn scaled by fp.
     */
    static void finishColumns(float[] gk, float[] gv, float[] gn, float[] v, float[] k, float[] before, int nAt,
                              float[] ip, float[] fp, float[] dvPart, float[] dkPart, float[] input, float[] forget,
                              int dh) {
        FloatVector in = FloatVector.fromArray(S, ip, 0);
        FloatVector f = FloatVector.fromArray(S, fp, 0);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < dh; i++) {
            FloatVector g = FloatVector.fromArray(S, gk, i * L);
            in.mul(g).intoArray(dvPart, i * L);
            sum = sum.add(g.mul(FloatVector.fromArray(S, v, i * L)));
        }
        FloatVector fo = FloatVector.fromArray(S, forget, 0);
        for (int j = 0; j < dh; j++) {
            in.mul(FloatVector.fromArray(S, gv, j * L)).intoArray(dkPart, j * L);
            FloatVector g = FloatVector.fromArray(S, gn, j * L);
            sum = sum.add(g.mul(FloatVector.fromArray(S, k, j * L)));
            fo = fo.add(g.mul(FloatVector.fromArray(S, before, nAt + j * L)));
            g.mul(f).intoArray(gn, j * L);
        }
        sum.intoArray(input, 0);
        fo.intoArray(forget, 0);
    }
}
