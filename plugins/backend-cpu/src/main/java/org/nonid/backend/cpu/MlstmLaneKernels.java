package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of {@link MlstmLaneScans}, each over a state in lanes ({@code x[e * L + lane]}
 * for element e) and taking only arrays and numbers, so that the JIT compiles each on its own
 * with its vectors in registers. Every lane computes the host's expression in the host's order.
 * The scans' own arrays hold element 0 at {@link #P} ("padded"): every index and offset into
 * them here is counted from there; the tensors that gather and scatter read and write are not.
 */
final class MlstmLaneKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * Where a padded array's element 0 is: a float array's elements start 16 bytes into it, so with
     * objects aligned to 64 bytes ({@code -XX:ObjectAlignmentInBytes=64}) element 12 starts a cache
     * line and no vector of 16 floats straddles two; a vector store that does costs about twice as
     * much (the backward pass's rows 1.6 times). Other alignments give the same values, slower.
     */
    static final int P = 12;

    private MlstmLaneKernels() {
    }

    /** {@code x[e] = fromArray(a, at + map[lane] + e)} for e < n. */
    static void gather(float[] a, int at, int[] map, float[] x, int n) {
        for (int e = 0; e < n; e++) {
            FloatVector.fromArray(S, a, at + e, map, 0).intoArray(x, P + e * L);
        }
    }

    /** {@code a[at + map[lane] + e] = x[e]} for e < n, every lane. */
    static void scatter(float[] x, float[] a, int at, int[] map, int n) {
        for (int e = 0; e < n; e++) {
            FloatVector.fromArray(S, x, P + e * L).intoArray(a, at + e, map, 0);
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
                int to = P + (hd * capacity + c) * n * L;
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
                int from = P + (hd * capacity + c) * n * L;
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
            sum = sum.add(FloatVector.fromArray(S, a, P + aAt + e * L).mul(FloatVector.fromArray(S, b, P + e * L)));
        }
        sum.intoArray(out, P);
    }

    /** The normaliser's step: {@code next[j] = fp st[j] + ip k[j]}. */
    static void decayNormaliser(float[] st, int stAt, float[] fp, float[] ip, float[] k, float[] next, int nextAt,
                                int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, P);
        FloatVector i = FloatVector.fromArray(S, ip, P);
        for (int j = 0; j < dh; j++) {
            f.mul(FloatVector.fromArray(S, st, P + stAt + j * L)).add(i.mul(FloatVector.fromArray(S, k, P + j * L)))
                    .intoArray(next, P + nextAt + j * L);
        }
    }

    /** C's step: {@code next[i, j] = fp st[i, j] + (ip v[i]) k[j]}. */
    static void decayState(float[] st, int stAt, float[] fp, float[] ip, float[] v, float[] k, float[] next,
                           int nextAt, int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, P);
        FloatVector in = FloatVector.fromArray(S, ip, P);
        for (int i = 0; i < dh; i++) {
            FloatVector vi = in.mul(FloatVector.fromArray(S, v, P + i * L));
            int c = i * dh * L;
            for (int j = 0; j < dh; j++) {
                f.mul(FloatVector.fromArray(S, st, P + stAt + c + j * L)).add(vi.mul(FloatVector.fromArray(S, k, P + j * L)))
                        .intoArray(next, P + nextAt + c + j * L);
            }
        }
    }

    /** C's step as {@link #decayState}, and {@code out[outAt + i] = (sum_j next[i, j] q[j]) / scale}. */
    static void decayStateAndRead(float[] st, int stAt, float[] fp, float[] ip, float[] v, float[] k, float[] q,
                                  float[] scale, float[] next, int nextAt, float[] out, int outAt, int dh) {
        FloatVector f = FloatVector.fromArray(S, fp, P);
        FloatVector in = FloatVector.fromArray(S, ip, P);
        FloatVector sc = FloatVector.fromArray(S, scale, P);
        for (int i = 0; i < dh; i++) {
            FloatVector vi = in.mul(FloatVector.fromArray(S, v, P + i * L));
            FloatVector num = FloatVector.zero(S);
            int c = i * dh * L;
            for (int j = 0; j < dh; j++) {
                FloatVector x = f.mul(FloatVector.fromArray(S, st, P + stAt + c + j * L))
                        .add(vi.mul(FloatVector.fromArray(S, k, P + j * L)));
                x.intoArray(next, P + nextAt + c + j * L);
                num = num.add(x.mul(FloatVector.fromArray(S, q, P + j * L)));
            }
            num.div(sc).intoArray(out, P + outAt + i * L);
        }
    }

    /**
     * The backward step's reading of the saved C: {@code dnum[i] = dh[i] / scale} and
     * {@code gh = sum_i dh[i] (sum_j C[i, j] q[j]) / scale}.
     */
    static void readBack(float[] saved, int savedAt, float[] q, float[] dhOut, float[] scale, float[] dnum, float[] gh,
                         int dh) {
        FloatVector sc = FloatVector.fromArray(S, scale, P);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < dh; i++) {
            FloatVector num = FloatVector.zero(S);
            int c = savedAt + i * dh * L;
            for (int j = 0; j < dh; j++) {
                num = num.add(FloatVector.fromArray(S, saved, P + c + j * L).mul(FloatVector.fromArray(S, q, P + j * L)));
            }
            FloatVector out = FloatVector.fromArray(S, dhOut, P + i * L);
            out.div(sc).intoArray(dnum, P + i * L);
            sum = sum.add(out.mul(num.div(sc)));
        }
        sum.intoArray(gh, P);
    }

    /**
     * Per column j: {@code sums[j] = n[j] dden}, {@code gn[j] += dden q[j]}, {@code gv[j] = gn[j]}.
     */
    static void startColumns(float[] saved, int nAt, float[] dden, float[] q, float[] gn, float[] sums, float[] gv,
                             int dh) {
        FloatVector d = FloatVector.fromArray(S, dden, P);
        for (int j = 0; j < dh; j++) {
            FloatVector.fromArray(S, saved, P + nAt + j * L).mul(d).intoArray(sums, P + j * L);
            FloatVector g = FloatVector.fromArray(S, gn, P + j * L).add(d.mul(FloatVector.fromArray(S, q, P + j * L)));
            g.intoArray(gn, P + j * L);
            g.intoArray(gv, P + j * L);
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
        FloatVector f = FloatVector.fromArray(S, fp, P);
        FloatVector di = FloatVector.fromArray(S, dnum, P + i * L);
        FloatVector vi = FloatVector.fromArray(S, v, P + i * L);
        FloatVector fo = FloatVector.fromArray(S, forget, P);
        FloatVector g0 = FloatVector.zero(S);
        int c = i * dh * L;
        for (int j = 0; j < dh; j++) {
            int x = c + j * L;
            FloatVector g = FloatVector.fromArray(S, gc, P + x).add(di.mul(FloatVector.fromArray(S, q, P + j * L)));
            FloatVector.fromArray(S, sums, P + j * L).add(FloatVector.fromArray(S, saved, P + savedAt + x).mul(di))
                    .intoArray(sums, P + j * L);
            g0 = g0.add(g.mul(FloatVector.fromArray(S, k, P + j * L)));
            FloatVector.fromArray(S, gv, P + j * L).add(g.mul(vi)).intoArray(gv, P + j * L);
            fo = fo.add(g.mul(FloatVector.fromArray(S, before, P + beforeAt + x)));
            g.mul(f).intoArray(gc, P + x);
        }
        g0.intoArray(gk, P + i * L);
        fo.intoArray(forget, P);
    }

    /**
     * The end of a backward step: {@code dv part = ip gk}, {@code dk part = ip gv},
     * {@code input = sum_i gk[i] v[i] + sum_j gn[j] k[j]}, {@code forget += sum_j gn[j] n[j]}
     * (n the state before), and gn scaled by fp.
     */
    static void finishColumns(float[] gk, float[] gv, float[] gn, float[] v, float[] k, float[] before, int nAt,
                              float[] ip, float[] fp, float[] dvPart, float[] dkPart, float[] input, float[] forget,
                              int dh) {
        FloatVector in = FloatVector.fromArray(S, ip, P);
        FloatVector f = FloatVector.fromArray(S, fp, P);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < dh; i++) {
            FloatVector g = FloatVector.fromArray(S, gk, P + i * L);
            in.mul(g).intoArray(dvPart, P + i * L);
            sum = sum.add(g.mul(FloatVector.fromArray(S, v, P + i * L)));
        }
        FloatVector fo = FloatVector.fromArray(S, forget, P);
        for (int j = 0; j < dh; j++) {
            in.mul(FloatVector.fromArray(S, gv, P + j * L)).intoArray(dkPart, P + j * L);
            FloatVector g = FloatVector.fromArray(S, gn, P + j * L);
            sum = sum.add(g.mul(FloatVector.fromArray(S, k, P + j * L)));
            fo = fo.add(g.mul(FloatVector.fromArray(S, before, P + nAt + j * L)));
            g.mul(f).intoArray(gn, P + j * L);
        }
        sum.intoArray(input, P);
        fo.intoArray(forget, P);
    }
}
