package org.nonid.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.AttentionShape;

/**
 * Causal multi-head self-attention, one (sequence, head) pair at a time. Keys and values of the
 * pair are gathered transposed ([headDim, time], time padded to a whole number of vectors) so that
 * every inner loop runs along time with full vectors: the heads of small models are 2-16 wide,
 * too narrow to vectorise along.
 *
 * <p>Heads of 8 on 16-lane vectors also keep keys and values in a paired layout, which sums a
 * query row's eight weighted features at once (see {@link PairedLayout}).
 */
final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // lane m takes lane r of its half (r, or r + 8); a rotation by half a vector
    private static final VectorShuffle<Float> LANE0 = PairedLayout.lane(S, 0);
    private static final VectorShuffle<Float> LANE1 = PairedLayout.lane(S, 1);
    private static final VectorShuffle<Float> LANE2 = PairedLayout.lane(S, 2);
    private static final VectorShuffle<Float> LANE3 = PairedLayout.lane(S, 3);
    private static final VectorShuffle<Float> LANE4 = PairedLayout.lane(S, 4);
    private static final VectorShuffle<Float> LANE5 = PairedLayout.lane(S, 5);
    private static final VectorShuffle<Float> LANE6 = PairedLayout.lane(S, 6);
    private static final VectorShuffle<Float> LANE7 = PairedLayout.lane(S, 7);
    private static final VectorShuffle<Float> HALVES = PairedLayout.halves(S);
    // a qkv row holds queries, keys, values: the part's index
    private static final int KEYS = 1;
    private static final int VALUES = 2;
    /** The forward pass's rows of probabilities in the making fit in 16 KiB, the first-level cache's half. */
    private static final int CHUNK_FLOATS = 4096;

    /**
     * Each thread's last kernel: its scratch holds a pair's rows, and made again at every call it
     * would be most of what the pass allocates.
     */
    private static final ThreadLocal<Attention> LAST = new ThreadLocal<>();

    private final AttentionShape shape;
    private final int time;
    private final int padded;
    private final int dh;
    private final int model;
    private final float scale;
    private final float[] kt;
    private final float[] vt;
    private final boolean paired;
    private final float[] kp;
    private final float[] vp;
    private final float[] bias;
    private final float[] shifted;
    /** Query rows whose probabilities are made together: as many as {@link #CHUNK_FLOATS} floats hold. */
    private final int chunk;
    private final float[] rows;
    private final float[] rowMax;
    private final float[] rowSum;
    private final float[] lanes = new float[2 * L];
    private final HeadGather gather;
    private final QueryBlocks blocks;
    // the backward pass's: the pair's key and value gradients (transposed), and every row's
    // probabilities and score gradients, for the key and value pass
    private final float[] dkt;
    private final float[] dvt;
    private final float[] pRows;
    private final float[] dsRows;

    /** This thread's kernel for the shape: the last one it made, if for the same shape. */
    static Attention of(AttentionShape shape) {
        Attention last = LAST.get();
        if (last == null || !last.shape.equals(shape)) {
            last = new Attention(shape, true);
            LAST.set(last);
        }
        return last;
    }

    /** A kernel that makes every query row row by row, for tests that hold the two ways to each other. */
    static Attention rowByRow(AttentionShape shape) {
        return new Attention(shape, false);
    }

    /** Scratch for one worker thread; query rows in whole blocks by {@link QueryBlocks} if {@code blocks}. */
    private Attention(AttentionShape shape, boolean blocks) {
        this.shape = shape;
        this.time = shape.time();
        this.padded = roundUp(time);
        this.dh = shape.headDim();
        this.model = shape.model();
        this.scale = (float) (1.0 / Math.sqrt(dh));
        this.kt = new float[dh * padded];
        this.vt = new float[dh * padded];
        this.paired = PairedLayout.applies(dh, L);
        this.kp = new float[paired ? dh * padded : 0];
        this.vp = new float[paired ? dh * padded : 0];
        this.bias = new float[padded];
        this.shifted = new float[padded];
        this.chunk = Math.max(1, Math.min(time, CHUNK_FLOATS / padded));
        this.rows = new float[chunk * padded];
        this.rowMax = new float[time];
        this.rowSum = new float[time];
        this.gather = new HeadGather(time, padded, 3 * model, paired ? PairedLayout.HEAD : 0, L);
        this.blocks = new QueryBlocks(shape, blocks);
        this.dkt = new float[dh * padded];
        this.dvt = new float[dh * padded];
        this.pRows = new float[time * padded];
        this.dsRows = new float[time * padded];
    }

    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    // The per-row steps are separate small methods: each gets the JIT's whole inlining budget, so
    // every vector operation in them compiles to instructions instead of allocated vector objects.

    /**
     * Forward for pairs [from, to) of (batch, head), pair = b * heads + h: the query rows in whole
     * blocks of 16 by {@link QueryBlocks}, the rest row by row.
     */
    void forward(float[] qkv, boolean[] keyPadding, float[] out, float[] probs, int from, int to) {
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            keyBias(keyPadding, b);
            transposed(qkv, b, h, KEYS, kt);
            if (blocks.rows() > 0 || !paired) {
                transposed(qkv, b, h, VALUES, vt);
            }
            blocks.forward(qkv, b, h, kt, vt, padded, bias, gather.keyRows(), out, probs);
            if (blocks.rows() == time) {
                continue;
            }
            if (paired) {
                pairedRows(qkv, b, h, VALUES, vp);
            }
            for (int first = blocks.rows(); first < time; first += chunk) {
                int last = Math.min(time, first + chunk);
                probabilities(qkv, b, h, rows, first, last);
                for (int i = first; i < last; i++) {
                    int nv = roundUp(i + 1);
                    int at = (i - first) * padded;
                    int outRow = (b * time + i) * model + h * dh;
                    if (paired) {
                        pairedWeightedSums(vp, 0, rows, at, nv, lanes);
                        System.arraycopy(lanes, 0, out, outRow, dh);
                    } else {
                        weightedValues(vt, 0, padded, dh, rows, at, nv, out, outRow, lanes);
                    }
                    if (probs != null) {
                        System.arraycopy(rows, at, probs, (pair * time + i) * time, Math.min(nv, time));
                    }
                }
            }
        }
    }

    /**
     * The attention probabilities of the query rows i in [first, last) of pair (b, h) into
     * {@code into[(i - first) * padded, ... + nv)} (0 past the row's last key), from the gathered
     * keys and the key bias; each row's arithmetic is {@link #rowProbabilities}'. The rows go
     * through each step (scores and their largest, exponentials and their sum, the division)
     * before the next step starts: one row's step is a short chain of dependent operations, and
     * the rows' chains overlap.
     */
    private void probabilities(float[] qkv, int b, int h, float[] into, int first, int last) {
        for (int i = first; i < last; i++) {
            rowMax[i] = maskedScores(kt, 0, padded, dh, qkv, (b * time + i) * 3 * model + h * dh, scale, bias, i + 1,
                    roundUp(i + 1), into, (i - first) * padded, lanes);
        }
        for (int i = first; i < last; i++) {
            int nv = roundUp(i + 1);
            int at = (i - first) * padded;
            if (rowMax[i] == Float.NEGATIVE_INFINITY) {
                Arrays.fill(into, at, at + nv, 0f); // every key masked: attend to nothing
            } else {
                rowSum[i] = expAndSum(into, at, nv, rowMax[i], shifted, lanes);
            }
        }
        for (int i = first; i < last; i++) {
            if (rowMax[i] != Float.NEGATIVE_INFINITY) {
                normalise(into, (i - first) * padded, roundUp(i + 1), rowSum[i]);
            }
        }
    }

    /**
     * The attention probabilities of one query row (at {@code qRow} of qkv) over keys 0..n-1 into
     * {@code scores[0, nv)} (0 past the last key), keys feature by feature {@code stride} apart
     * from {@code kAt}. The training pass and the decoding step both come here: decoding gives
     * the forward pass's values to the bit.
     */
    private static void rowProbabilities(float[] k, int kAt, int stride, int dh, float[] qkv, int qRow, float scale,
                                         float[] bias, int n, int nv, float[] scores, float[] shifted,
                                         float[] lanes) {
        float max = maskedScores(k, kAt, stride, dh, qkv, qRow, scale, bias, n, nv, scores, 0, lanes);
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(scores, 0, nv, 0f); // every key masked: attend to nothing
        } else {
            normalise(scores, 0, nv, expAndSum(scores, 0, nv, max, shifted, lanes));
        }
    }

    /**
     * scores[at + j] = scale * q . k_j + bias[j] for j < n, -infinity for n <= j < nv (not yet
     * seen), in one pass; returns the largest. Each score is summed over the head's features in
     * order, from 0.
     */
    private static float maskedScores(float[] k, int kAt, int stride, int dh, float[] qkv, int qRow, float scale,
                                      float[] bias, int n, int nv, float[] scores, int at, float[] lanes) {
        FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int full = n / L * L;
        for (int j = 0; j < nv; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int e = 0; e < dh; e++) {
                s = FloatVector.fromArray(S, k, kAt + e * stride + j).fma(FloatVector.broadcast(S, qkv[qRow + e] * scale), s);
            }
            if (j >= full) {
                s = s.blend(Float.NEGATIVE_INFINITY, S.indexInRange(j, n).not());
            }
            s = s.add(FloatVector.fromArray(S, bias, j));
            s.intoArray(scores, at + j);
            maxV = maxV.max(s);
        }
        maxV.intoArray(lanes, 0);
        return VectorMath.maxLanes(lanes, 0);
    }

    /**
     * scores[at + j] = exp(scores[at + j] - max) for j < nv (exactly 0 for masked keys); returns
     * their sum. {@code shifted} holds the exponentials on the way (nv long at least).
     */
    private static float expAndSum(float[] scores, int at, int nv, float max, float[] shifted, float[] lanes) {
        for (int j = 0; j < nv; j += L) {
            FloatVector.fromArray(S, scores, at + j).sub(max).intoArray(shifted, j);
        }
        VectorMath.expInPlace(shifted, 0, nv);
        FloatVector sumV = FloatVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            FloatVector sc = FloatVector.fromArray(S, scores, at + j);
            FloatVector ex = FloatVector.fromArray(S, shifted, j).blend(0f, sc.compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY));
            ex.intoArray(scores, at + j);
            sumV = sumV.add(ex);
        }
        sumV.intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes, 0);
    }

    private static void normalise(float[] scores, int at, int nv, float sum) {
        FloatVector inv = FloatVector.broadcast(S, 1f / sum);
        for (int j = at; j < at + nv; j += L) {
            FloatVector.fromArray(S, scores, j).mul(inv).intoArray(scores, j);
        }
    }

    /**
     * out[outRow + e] = sum_j p[pAt + j] v[j, e], values feature by feature {@code stride} apart from
     * {@code vAt}; two features' sums at a time on 16 lanes ({@code lanes}: two vectors of scratch).
     */
    private static void weightedValues(float[] v, int vAt, int stride, int dh, float[] p, int pAt, int nv,
                                       float[] out, int outRow, float[] lanes) {
        int e = 0;
        if (VectorMath.SIDE_BY_SIDE) {
            for (; e + 2 <= dh; e += 2) {
                int v0 = vAt + e * stride;
                int v1 = v0 + stride;
                FloatVector acc0 = FloatVector.zero(S);
                FloatVector acc1 = FloatVector.zero(S);
                for (int j = 0; j < nv; j += L) {
                    FloatVector pj = FloatVector.fromArray(S, p, pAt + j);
                    acc0 = pj.fma(FloatVector.fromArray(S, v, v0 + j), acc0);
                    acc1 = pj.fma(FloatVector.fromArray(S, v, v1 + j), acc1);
                }
                acc0.intoArray(lanes, 0);
                acc1.intoArray(lanes, L);
                VectorMath.sumLanesTwo(lanes, 0, out, outRow + e);
            }
        }
        for (; e < dh; e++) {
            int v0 = vAt + e * stride;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < nv; j += L) {
                acc = FloatVector.fromArray(S, p, pAt + j).fma(FloatVector.fromArray(S, v, v0 + j), acc);
            }
            acc.intoArray(lanes, 0);
            out[outRow + e] = VectorMath.sumLanes(lanes, 0);
        }
    }

    /**
     * Backward for pairs [from, to): accumulates into dqkv. Reads the probabilities from probs, or
     * with probs null makes them again as the forward pass did (keyPadding as there).
     */
    void backward(float[] qkv, float[] probs, boolean[] keyPadding, float[] dout, float[] dqkv, int from, int to) {
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            transposed(qkv, b, h, VALUES, vt);
            if (paired) {
                pairedRows(qkv, b, h, KEYS, kp);
            }
            if (probs == null || !paired) {
                transposed(qkv, b, h, KEYS, kt);
            }
            if (probs == null) {
                keyBias(keyPadding, b);
            }
            if (probs == null) {
                probabilities(qkv, b, h, pRows, 0, time);
            }
            for (int i = 0; i < time; i++) {
                if (probs != null) {
                    int nv = roundUp(i + 1);
                    int stored = Math.min(nv, time);
                    System.arraycopy(probs, (pair * time + i) * time, pRows, i * padded, stored);
                    Arrays.fill(pRows, i * padded + stored, i * padded + nv, 0f);
                }
            }
            // step by step over the rows, as in probabilities
            for (int i = 0; i < time; i++) {
                scoreGradients(pRows, dsRows, i * padded, dout, (b * time + i) * model + h * dh, roundUp(i + 1));
            }
            for (int i = 0; i < time; i++) {
                int nv = roundUp(i + 1);
                int at = i * padded;
                int qRow = (b * time + i) * 3 * model + h * dh;
                if (paired) {
                    pairedWeightedSums(kp, 0, dsRows, at, nv, lanes);
                    for (int e = 0; e < dh; e++) {
                        dqkv[qRow + e] += lanes[e];
                    }
                } else {
                    for (int e = 0; e < dh; e++) {
                        dqkv[qRow + e] += queryGradient(dsRows, at, e, nv);
                    }
                }
            }
            keyValueGradients(pRows, dsRows, qkv, b * time * 3 * model + h * dh, dout, b * time * model + h * dh, dkt, dvt);
            for (int t = 0; t < time; t++) {
                int row = (b * time + t) * 3 * model + h * dh;
                for (int e = 0; e < dh; e++) {
                    dqkv[row + model + e] += dkt[e * padded + t];
                    dqkv[row + 2 * model + e] += dvt[e * padded + t];
                }
            }
        }
    }

    /**
     * ds = scale * P (dP - rowsum(P dP)) with dP = dO V^T, for one query row (P and ds at {@code at}); a ds
     * smaller than the smallest normal float is 0. Keys far below a row's best have probabilities far below 1,
     * and in the quickstart's training some of their ds fell under it at every step until step ~2,700: each
     * product with a subnormal operand takes a microcode assist, and the rest of the backward pass, which
     * reads ds again and again, ran at half speed.
     */
    private void scoreGradients(float[] p, float[] ds, int at, float[] dO, int dO0, int nv) {
        FloatVector dotV = FloatVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            FloatVector dp = FloatVector.zero(S);
            for (int e = 0; e < dh; e++) {
                dp = FloatVector.fromArray(S, vt, e * padded + j).fma(FloatVector.broadcast(S, dO[dO0 + e]), dp);
            }
            dp.intoArray(ds, at + j);
            dotV = FloatVector.fromArray(S, p, at + j).fma(dp, dotV);
        }
        dotV.intoArray(lanes, 0);
        float rowDot = VectorMath.sumLanes(lanes, 0);
        for (int j = 0; j < nv; j += L) {
            FloatVector pv = FloatVector.fromArray(S, p, at + j);
            FloatVector d = pv.mul(FloatVector.fromArray(S, ds, at + j).sub(rowDot)).mul(scale);
            d.blend(0f, d.abs().compare(VectorOperators.LT, Float.MIN_NORMAL)).intoArray(ds, at + j);
        }
    }

    /** dQ[e] of one query row: sum_j ds[j] K[j, e]. */
    private float queryGradient(float[] ds, int at, int e, int nv) {
        int k0 = e * padded;
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            acc = FloatVector.fromArray(S, ds, at + j).fma(FloatVector.fromArray(S, kt, k0 + j), acc);
        }
        acc.intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes, 0);
    }

    /**
     * dK and dV of the pair into {@code dkt} and {@code dvt} ([headDim, padded]): for each block of
     * keys, {@code dK[j, e] = sum_i ds_i[j] q_i[e]} and {@code dV[j, e] = sum_i p_i[j] dO_i[e]} over
     * the rows i that reach the block, in row order. Each sum is the chain of fused multiply-adds
     * that row-by-row accumulation into dK and dV makes, held in a register instead of read and
     * written back at every row; four features at a time keep eight chains going at once. The
     * queries and output gradients are read where they are: feature e of row i at
     * {@code qkv[q0 + i * 3 * model + e]} and {@code dout[dO0 + i * model + e]}.
     */
    private void keyValueGradients(float[] p, float[] ds, float[] qkv, int q0, float[] dout, int dO0, float[] dkt,
                                   float[] dvt) {
        for (int j = 0; j < padded; j += L) {
            int e = 0;
            for (; e + 4 <= dh; e += 4) {
                fourFeatureGradients(p, ds, qkv, q0 + e, dout, dO0 + e, dkt, dvt, j, e);
            }
            for (; e < dh; e++) {
                featureGradients(p, ds, qkv, q0 + e, dout, dO0 + e, dkt, dvt, j, e);
            }
        }
    }

    /** Features e..e+3; feature e of row i at {@code qkv[q + i * 3 * model]} and {@code dout[dO + i * model]}. */
    private void fourFeatureGradients(float[] p, float[] ds, float[] qkv, int q, float[] dout, int dO, float[] dkt,
                                      float[] dvt, int j, int e) {
        FloatVector k0 = FloatVector.zero(S), k1 = FloatVector.zero(S), k2 = FloatVector.zero(S), k3 = FloatVector.zero(S);
        FloatVector v0 = FloatVector.zero(S), v1 = FloatVector.zero(S), v2 = FloatVector.zero(S), v3 = FloatVector.zero(S);
        // rows before j end before this block of keys
        for (int i = j; i < time; i++) {
            FloatVector dsv = FloatVector.fromArray(S, ds, i * padded + j);
            FloatVector pv = FloatVector.fromArray(S, p, i * padded + j);
            int fq = q + i * 3 * model;
            int fo = dO + i * model;
            k0 = dsv.fma(FloatVector.broadcast(S, qkv[fq]), k0);
            k1 = dsv.fma(FloatVector.broadcast(S, qkv[fq + 1]), k1);
            k2 = dsv.fma(FloatVector.broadcast(S, qkv[fq + 2]), k2);
            k3 = dsv.fma(FloatVector.broadcast(S, qkv[fq + 3]), k3);
            v0 = pv.fma(FloatVector.broadcast(S, dout[fo]), v0);
            v1 = pv.fma(FloatVector.broadcast(S, dout[fo + 1]), v1);
            v2 = pv.fma(FloatVector.broadcast(S, dout[fo + 2]), v2);
            v3 = pv.fma(FloatVector.broadcast(S, dout[fo + 3]), v3);
        }
        int at = e * padded + j;
        k0.intoArray(dkt, at);
        k1.intoArray(dkt, at + padded);
        k2.intoArray(dkt, at + 2 * padded);
        k3.intoArray(dkt, at + 3 * padded);
        v0.intoArray(dvt, at);
        v1.intoArray(dvt, at + padded);
        v2.intoArray(dvt, at + 2 * padded);
        v3.intoArray(dvt, at + 3 * padded);
    }

    private void featureGradients(float[] p, float[] ds, float[] qkv, int q, float[] dout, int dO, float[] dkt,
                                  float[] dvt, int j, int e) {
        FloatVector k = FloatVector.zero(S);
        FloatVector v = FloatVector.zero(S);
        for (int i = j; i < time; i++) {
            k = FloatVector.fromArray(S, ds, i * padded + j).fma(FloatVector.broadcast(S, qkv[q + i * 3 * model]), k);
            v = FloatVector.fromArray(S, p, i * padded + j).fma(FloatVector.broadcast(S, dout[dO + i * model]), v);
        }
        k.intoArray(dkt, e * padded + j);
        v.intoArray(dvt, e * padded + j);
    }

    /**
     * For heads of 8 on 16-lane vectors: {@code lanes[e] = sum_j w[wAt + j] x[j, e]} for e < 8 over
     * keys j < nv, x in the paired layout from {@code xAt}. Each sum has the products, the chain per lane and the
     * pairwise tree of lanes that one accumulator per feature summed by {@link VectorMath#sumLanes}
     * has; here eight features share the vectors and the tree's steps.
     */
    private static void pairedWeightedSums(float[] x, int xAt, float[] w, int wAt, int nv, float[] lanes) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        for (int j = 0, at = xAt; j < nv; j += L, at += 8 * L) {
            FloatVector wv = FloatVector.fromArray(S, w, wAt + j);
            a0 = wv.rearrange(LANE0).fma(FloatVector.fromArray(S, x, at), a0);
            a1 = wv.rearrange(LANE1).fma(FloatVector.fromArray(S, x, at + L), a1);
            a2 = wv.rearrange(LANE2).fma(FloatVector.fromArray(S, x, at + 2 * L), a2);
            a3 = wv.rearrange(LANE3).fma(FloatVector.fromArray(S, x, at + 3 * L), a3);
            a4 = wv.rearrange(LANE4).fma(FloatVector.fromArray(S, x, at + 4 * L), a4);
            a5 = wv.rearrange(LANE5).fma(FloatVector.fromArray(S, x, at + 5 * L), a5);
            a6 = wv.rearrange(LANE6).fma(FloatVector.fromArray(S, x, at + 6 * L), a6);
            a7 = wv.rearrange(LANE7).fma(FloatVector.fromArray(S, x, at + 7 * L), a7);
        }
        // the tree: lanes r + 8 onto r, then r + 4, r + 2 and r + 1
        a0 = a0.add(a0.rearrange(HALVES));
        a1 = a1.add(a1.rearrange(HALVES));
        a2 = a2.add(a2.rearrange(HALVES));
        a3 = a3.add(a3.rearrange(HALVES));
        a4 = a4.add(a4.rearrange(HALVES));
        a5 = a5.add(a5.rearrange(HALVES));
        a6 = a6.add(a6.rearrange(HALVES));
        a7 = a7.add(a7.rearrange(HALVES));
        a0 = a0.add(a4);
        a1 = a1.add(a5);
        a2 = a2.add(a6);
        a3 = a3.add(a7);
        a0 = a0.add(a2);
        a1 = a1.add(a3);
        a0.add(a1).intoArray(lanes, 0);
    }

    /**
     * Feature e of the pair's key or value (part {@link #KEYS} or {@link #VALUES}) at time t into
     * {@code into[e * padded + t]}. Past the sequence end the arrays keep the zeros they were made
     * with: nothing writes there.
     */
    private void transposed(float[] qkv, int b, int h, int part, float[] into) {
        int first = b * time * 3 * model + part * model + h * dh;
        for (int j = 0; j < padded; j += L) {
            VectorMask<Float> past = S.indexInRange(j, time).not();
            for (int e = 0; e < dh; e++) {
                FloatVector.fromArray(S, qkv, first + e, gather.keyRows(), j).blend(0f, past).intoArray(into, e * padded + j);
            }
        }
    }

    /** The pair's keys or values in the {@link PairedLayout}; zeros past the sequence end, as made. */
    private void pairedRows(float[] qkv, int b, int h, int part, float[] into) {
        int first = b * time * 3 * model + part * model + h * dh;
        int[] at = gather.pairedAt();
        float[] key = gather.pairedKey();
        for (int i = 0; i < at.length; i += L) {
            FloatVector.fromArray(S, qkv, first, at, i)
                    .blend(0f, FloatVector.fromArray(S, key, i).compare(VectorOperators.GE, time)).intoArray(into, i);
        }
    }

    private void keyBias(boolean[] keyPadding, int b) {
        Arrays.fill(bias, 0f);
        if (keyPadding != null) {
            for (int t = 0; t < time; t++) {
                if (keyPadding[b * time + t]) {
                    bias[t] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /**
     * One decoding step for pairs [from, to): stores the newest key and value of each sequence at
     * {@code position} in the caches and attends over positions 0..position with the training
     * pass's arithmetic ({@link #rowProbabilities}, {@link #weightedValues} or
     * {@link #pairedWeightedSums}), so that the output equals the forward pass's row to the bit.
     * Keys are cached as [batch, heads, headDim, capacity]; values so too, or for heads of 8 on
     * 16-lane vectors ({@link PairedLayout}) in the paired layout over the capacity's whole blocks
     * of 16 positions, then feature by feature in position order for the rest.
     */
    static void cached(float[] qkv, float[] keys, float[] values, int position, AttentionShape shape, float[] out,
                       int from, int to) {
        int dh = shape.headDim();
        int model = shape.model();
        int capacity = shape.time();
        boolean paired = PairedLayout.applies(dh, L);
        float scale = (float) (1.0 / Math.sqrt(dh));
        int n = position + 1;
        int nv = roundUp(n);
        float[] scores = new float[nv];
        float[] bias = new float[nv];
        float[] shifted = new float[nv];
        float[] lanes = new float[2 * L];
        float[] lastKeys = null;
        float[] lastValues = null;
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            int row = b * 3 * model + h * dh;
            int cache = pair * dh * capacity;
            for (int e = 0; e < dh; e++) {
                keys[cache + e * capacity + position] = qkv[row + model + e];
            }
            if (paired) {
                System.arraycopy(qkv, row + 2 * model, values, cache + pairedSlot(position, capacity), dh);
            } else {
                for (int e = 0; e < dh; e++) {
                    values[cache + e * capacity + position] = qkv[row + 2 * model + e];
                }
            }
            float[] k = keys;
            float[] v = values;
            int at = cache;
            int stride = capacity;
            if (nv <= capacity) {
                // Whole vectors read positions after this one. Their keys' scores are masked to
                // -infinity whatever the keys hold; their values are multiplied by zero probabilities,
                // so they must be finite: zeros, as no one has written them yet this time.
                if (paired) {
                    for (int t = n; t < nv; t++) {
                        int slot = cache + pairedSlot(t, capacity);
                        Arrays.fill(values, slot, slot + dh, 0f);
                    }
                } else {
                    for (int e = 0; e < dh; e++) {
                        Arrays.fill(values, cache + e * capacity + n, cache + e * capacity + nv, 0f);
                    }
                }
            } else {
                // whole vectors would read past the pair's rows: read a copy padded with zeros
                if (lastKeys == null) {
                    lastKeys = new float[dh * nv];
                    lastValues = new float[dh * nv];
                }
                for (int e = 0; e < dh; e++) {
                    System.arraycopy(keys, cache + e * capacity, lastKeys, e * nv, n);
                }
                if (paired) {
                    Arrays.fill(lastValues, 0f);
                    for (int t = 0; t < n; t++) {
                        System.arraycopy(values, cache + pairedSlot(t, capacity), lastValues, PairedLayout.row(t, L), dh);
                    }
                } else {
                    for (int e = 0; e < dh; e++) {
                        System.arraycopy(values, cache + e * capacity, lastValues, e * nv, n);
                    }
                }
                k = lastKeys;
                v = lastValues;
                at = 0;
                stride = nv;
            }
            rowProbabilities(k, at, stride, dh, qkv, row, scale, bias, n, nv, scores, shifted, lanes);
            if (paired) {
                pairedWeightedSums(v, at, scores, 0, nv, lanes);
                System.arraycopy(lanes, 0, out, b * model + h * dh, dh);
            } else {
                weightedValues(v, at, stride, dh, scores, 0, nv, out, b * model + h * dh, lanes);
            }
        }
    }

    /** Where position t's value starts in a pair's paired value cache of the given capacity. */
    private static int pairedSlot(int t, int capacity) {
        int whole = capacity / L * L;
        return t < whole ? PairedLayout.row(t, L) : whole * PairedLayout.HEAD + (t - whole) * PairedLayout.HEAD;
    }
}
