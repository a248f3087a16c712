package org.nonid.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.AttentionShape;

/**
 * Causal multi-head self-attention, one (sequence, head) pair at a time. Keys and values of the
 * pair are gathered transposed ([headDim, time], time padded to a whole number of vectors) so that
 * every inner loop runs along time with full vectors: the heads of small models are 2-16 wide,
 * too narrow to vectorise along.
 */
final class Attention {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final AttentionShape shape;
    private final int time;
    private final int padded;
    private final int dh;
    private final int model;
    private final float scale;
    private final float[] kt;
    private final float[] vt;
    private final float[] scores;
    private final float[] bias;
    private final float[] shifted;
    private final float[] lanes = new float[L];

    /** Scratch for one worker thread. */
    Attention(AttentionShape shape) {
        this.shape = shape;
        this.time = shape.time();
        this.padded = roundUp(time);
        this.dh = shape.headDim();
        this.model = shape.model();
        this.scale = (float) (1.0 / Math.sqrt(dh));
        this.kt = new float[dh * padded];
        this.vt = new float[dh * padded];
        this.scores = new float[padded];
        this.bias = new float[padded];
        this.shifted = new float[padded];
    }

    static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    // The per-row steps are separate small methods: each gets the JIT's whole inlining budget, so
    // every vector operation in them compiles to instructions instead of allocated vector objects.

    /** Forward for pairs [from, to) of (batch, head), pair = b * heads + h. */
    void forward(float[] qkv, boolean[] keyPadding, float[] out, float[] probs, int from, int to) {
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            gather(qkv, b, h);
            keyBias(keyPadding, b);
            for (int i = 0; i < time; i++) {
                int nv = roundUp(i + 1);
                probabilities(qkv, b, h, i);
                weightedValues(vt, 0, padded, dh, scores, nv, out, (b * time + i) * model + h * dh, lanes);
                if (probs != null) {
                    System.arraycopy(scores, 0, probs, (pair * time + i) * time, Math.min(nv, time));
                }
            }
        }
    }

    /**
     * The attention probabilities of query row i of pair (b, h) into {@code scores[0, nv)} (0 past
     * the row's last key), from the gathered keys and the key bias.
     */
    private void probabilities(float[] qkv, int b, int h, int i) {
        int n = i + 1;
        int nv = roundUp(n);
        rowProbabilities(kt, 0, padded, dh, qkv, (b * time + i) * 3 * model + h * dh, scale, bias, n, nv, scores,
                shifted, lanes);
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
        float max = maskedScores(k, kAt, stride, dh, qkv, qRow, scale, bias, n, nv, scores, lanes);
        if (max == Float.NEGATIVE_INFINITY) {
            Arrays.fill(scores, 0, nv, 0f); // every key masked: attend to nothing
        } else {
            normalise(scores, nv, expAndSum(scores, nv, max, shifted, lanes));
        }
    }

    /**
     * scores[j] = scale * q . k_j + bias[j] for j < n, -infinity for n <= j < nv (not yet seen), in
     * one pass; returns the largest. Each score is summed over the head's features in order, from 0.
     */
    private static float maskedScores(float[] k, int kAt, int stride, int dh, float[] qkv, int qRow, float scale,
                                      float[] bias, int n, int nv, float[] scores, float[] lanes) {
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
            s.intoArray(scores, j);
            maxV = maxV.max(s);
        }
        maxV.intoArray(lanes, 0);
        return VectorMath.maxLanes(lanes, 0);
    }

    /**
     * scores[j] = exp(scores[j] - max) (exactly 0 for masked keys); returns their sum.
     * {@code shifted} holds the exponentials on the way (as long as scores).
     */
    private static float expAndSum(float[] scores, int nv, float max, float[] shifted, float[] lanes) {
        for (int j = 0; j < nv; j += L) {
            FloatVector.fromArray(S, scores, j).sub(max).intoArray(shifted, j);
        }
        VectorMath.expInPlace(shifted, 0, nv);
        FloatVector sumV = FloatVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            FloatVector sc = FloatVector.fromArray(S, scores, j);
            FloatVector ex = FloatVector.fromArray(S, shifted, j).blend(0f, sc.compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY));
            ex.intoArray(scores, j);
            sumV = sumV.add(ex);
        }
        sumV.intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes, 0);
    }

    private static void normalise(float[] scores, int nv, float sum) {
        FloatVector inv = FloatVector.broadcast(S, 1f / sum);
        for (int j = 0; j < nv; j += L) {
            FloatVector.fromArray(S, scores, j).mul(inv).intoArray(scores, j);
        }
    }

    /** out[outRow + e] = sum_j p[j] v[j, e], values feature by feature {@code stride} apart from {@code vAt}. */
    private static void weightedValues(float[] v, int vAt, int stride, int dh, float[] p, int nv, float[] out,
                                       int outRow, float[] lanes) {
        for (int e = 0; e < dh; e++) {
            int v0 = vAt + e * stride;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < nv; j += L) {
                acc = FloatVector.fromArray(S, p, j).fma(FloatVector.fromArray(S, v, v0 + j), acc);
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
        float[] dkt = new float[dh * padded];
        float[] dvt = new float[dh * padded];
        float[] rowProbabilities = new float[padded];
        float[] ds = new float[padded];
        float[] dO = new float[dh];
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            gather(qkv, b, h);
            if (probs == null) {
                keyBias(keyPadding, b);
            }
            Arrays.fill(dkt, 0f);
            Arrays.fill(dvt, 0f);
            for (int i = 0; i < time; i++) {
                int n = i + 1;
                int nv = roundUp(n);
                float[] p = rowProbabilities;
                if (probs == null) {
                    probabilities(qkv, b, h, i);
                    p = scores;
                } else {
                    int stored = Math.min(nv, time);
                    System.arraycopy(probs, (pair * time + i) * time, p, 0, stored);
                    if (stored < nv) {
                        Arrays.fill(p, stored, nv, 0f);
                    }
                }
                int oRow = (b * time + i) * model + h * dh;
                for (int e = 0; e < dh; e++) {
                    dO[e] = dout[oRow + e];
                }
                scoreGradients(p, ds, dO, nv);
                int qRow = (b * time + i) * 3 * model + h * dh;
                for (int e = 0; e < dh; e++) {
                    dqkv[qRow + e] += keyValueGradients(p, ds, dkt, dvt, e, qkv[qRow + e], dO[e], nv);
                }
            }
            for (int t = 0; t < time; t++) {
                int row = (b * time + t) * 3 * model + h * dh;
                for (int e = 0; e < dh; e++) {
                    dqkv[row + model + e] += dkt[e * padded + t];
                    dqkv[row + 2 * model + e] += dvt[e * padded + t];
                }
            }
        }
    }

    /** ds = scale * P (dP - rowsum(P dP)) with dP = dO V^T, for one query row. */
    private void scoreGradients(float[] p, float[] ds, float[] dO, int nv) {
        Arrays.fill(ds, 0, nv, 0f);
        for (int e = 0; e < dh; e++) {
            FloatVector g = FloatVector.broadcast(S, dO[e]);
            int v0 = e * padded;
            for (int j = 0; j < nv; j += L) {
                FloatVector.fromArray(S, vt, v0 + j).fma(g, FloatVector.fromArray(S, ds, j)).intoArray(ds, j);
            }
        }
        FloatVector dotV = FloatVector.zero(S);
        for (int j = 0; j < nv; j += L) {
            dotV = FloatVector.fromArray(S, p, j).fma(FloatVector.fromArray(S, ds, j), dotV);
        }
        dotV.intoArray(lanes, 0);
        float rowDot = VectorMath.sumLanes(lanes, 0);
        for (int j = 0; j < nv; j += L) {
            FloatVector pv = FloatVector.fromArray(S, p, j);
            pv.mul(FloatVector.fromArray(S, ds, j).sub(rowDot)).mul(scale).intoArray(ds, j);
        }
    }

    /** Accumulates dK and dV of feature e for one query row; returns dQ[e]. */
    private float keyValueGradients(float[] p, float[] ds, float[] dkt, float[] dvt, int e, float q, float dO, int nv) {
        int k0 = e * padded;
        FloatVector acc = FloatVector.zero(S);
        FloatVector qv = FloatVector.broadcast(S, q);
        FloatVector gv = FloatVector.broadcast(S, dO);
        for (int j = 0; j < nv; j += L) {
            FloatVector dsv = FloatVector.fromArray(S, ds, j);
            acc = dsv.fma(FloatVector.fromArray(S, kt, k0 + j), acc);
            dsv.fma(qv, FloatVector.fromArray(S, dkt, k0 + j)).intoArray(dkt, k0 + j);
            FloatVector.fromArray(S, p, j).fma(gv, FloatVector.fromArray(S, dvt, k0 + j)).intoArray(dvt, k0 + j);
        }
        acc.intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes, 0);
    }

    /** Keys and values of pair (b, h), transposed, with zero padding past the sequence end. */
    private void gather(float[] qkv, int b, int h) {
        for (int e = 0; e < dh; e++) {
            Arrays.fill(kt, e * padded + time, (e + 1) * padded, 0f);
            Arrays.fill(vt, e * padded + time, (e + 1) * padded, 0f);
        }
        for (int t = 0; t < time; t++) {
            int row = (b * time + t) * 3 * model + h * dh;
            for (int e = 0; e < dh; e++) {
                kt[e * padded + t] = qkv[row + model + e];
                vt[e * padded + t] = qkv[row + 2 * model + e];
            }
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
     * {@code position} in the caches (layout [batch, heads, headDim, capacity]) and attends over
     * positions 0..position with the training pass's arithmetic ({@link #rowProbabilities},
     * {@link #weightedValues}), so that the output equals the forward pass's row to the bit.
     */
    static void cached(float[] qkv, float[] keys, float[] values, int position, AttentionShape shape, float[] out,
                       int from, int to) {
        int dh = shape.headDim();
        int model = shape.model();
        int capacity = shape.time();
        float scale = (float) (1.0 / Math.sqrt(dh));
        int n = position + 1;
        int nv = roundUp(n);
        float[] scores = new float[nv];
        float[] bias = new float[nv];
        float[] shifted = new float[nv];
        float[] lanes = new float[L];
        float[] lastKeys = null;
        float[] lastValues = null;
        for (int pair = from; pair < to; pair++) {
            int b = pair / shape.heads();
            int h = pair % shape.heads();
            int row = b * 3 * model + h * dh;
            int cache = pair * dh * capacity;
            for (int e = 0; e < dh; e++) {
                keys[cache + e * capacity + position] = qkv[row + model + e];
                values[cache + e * capacity + position] = qkv[row + 2 * model + e];
            }
            float[] k = keys;
            float[] v = values;
            int at = cache;
            int stride = capacity;
            if (nv <= capacity) {
                // whole vectors read positions after this one: zeros, as no one has written them yet this time
                for (int e = 0; e < dh; e++) {
                    Arrays.fill(keys, cache + e * capacity + n, cache + e * capacity + nv, 0f);
                    Arrays.fill(values, cache + e * capacity + n, cache + e * capacity + nv, 0f);
                }
            } else {
                // whole vectors would read past the pair's rows: read a copy padded with zeros
                if (lastKeys == null) {
                    lastKeys = new float[dh * nv];
                    lastValues = new float[dh * nv];
                }
                for (int e = 0; e < dh; e++) {
                    System.arraycopy(keys, cache + e * capacity, lastKeys, e * nv, n);
                    System.arraycopy(values, cache + e * capacity, lastValues, e * nv, n);
                }
                k = lastKeys;
                v = lastValues;
                at = 0;
                stride = nv;
            }
            rowProbabilities(k, at, stride, dh, qkv, row, scale, bias, n, nv, scores, shifted, lanes);
            weightedValues(v, at, stride, dh, scores, nv, out, b * model + h * dh, lanes);
        }
    }
}
