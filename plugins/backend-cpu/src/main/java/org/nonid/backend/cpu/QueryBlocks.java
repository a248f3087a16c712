package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.AttentionShape;

/**
 * The attention forward pass for blocks of 16 query rows of one (sequence, head) pair, the rows in
 * the lanes and the keys one after another, on 16-lane vectors. {@link Attention} goes row by row,
 * the keys in the lanes: there every row ends in sums across lanes (the largest score, the sum of
 * exponentials, each weighted value), a chain of dependent steps per row that small heads spend
 * most of their time on. Here the same sums are sums across vectors.
 *
 * <p>Each value is the row-by-row pass's to the bit: a score is the same chain of fused
 * multiply-adds over the features; an exponential the same lane function; and a sum over keys,
 * which the row pass accumulates lane by lane (key j in lane j mod 16, in order of the keys'
 * blocks) and then adds up as a pairwise tree of lanes, is accumulated here in sixteen vectors (key
 * j in vector j mod 16) added up in the same tree.
 *
 * <p>A block holds query rows {@code [first, first + 16)}, all within the sequence; they attend to
 * keys {@code [0, first + 16)}, the row pass's keys for these rows (its {@code nv}).
 */
final class QueryBlocks {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rows in a block: the lanes of a vector, where a vector has sixteen. */
    static final int ROWS = 16;
    static final boolean APPLIES = S.length() == ROWS;

    private final int time;
    private final int rows;
    private final int dh;
    private final int model;
    private final int heads;
    private final float scale;
    /** The block's queries times the scale, feature by feature: [dh][16]. */
    private final float[] queries;
    /** Scores, then probabilities, key by key: [keys][16]. */
    private final float[] scores;
    /** The scores less the rows' largest, then their exponentials: [keys][16]. */
    private final float[] shifted;
    /** The block's output, feature by feature: [dh][16]. */
    private final float[] outputs;
    /** The rows' largest scores and their sums of exponentials. */
    private final float[] max = new float[ROWS];
    private final float[] sum = new float[ROWS];

    QueryBlocks(AttentionShape shape, boolean enabled) {
        this.time = shape.time();
        this.rows = APPLIES && enabled ? time / ROWS * ROWS : 0;
        this.dh = shape.headDim();
        this.model = shape.model();
        this.heads = shape.heads();
        this.scale = (float) (1.0 / Math.sqrt(dh));
        this.queries = new float[dh * ROWS];
        this.scores = new float[rows * ROWS];
        this.shifted = new float[rows * ROWS];
        this.outputs = new float[dh * ROWS];
    }

    /** Query rows in whole blocks: those this class makes (the rest go row by row). */
    int rows() {
        return rows;
    }

    /**
     * Rows [0, {@link #rows()}) of pair (b, h): the output into {@code out} and, if {@code probs}
     * is not null, the probabilities into it, both as {@link Attention#forward} lays them out.
     * Feature e of key (value) j is at {@code keys[e * stride + j]} ({@code values[e * stride + j]});
     * {@code bias} is the pair's key bias (0, or -infinity for a padded key); {@code rowOffsets[i]}
     * the offset of row i in qkv from the sequence's first row.
     */
    void forward(float[] qkv, int b, int h, float[] keys, float[] values, int stride, float[] bias, int[] rowOffsets,
                 float[] out, float[] probs) {
        int queryAt = b * time * 3 * model + h * dh;
        int pair = b * heads + h;
        for (int first = 0; first < rows(); first += ROWS) {
            int seen = first + ROWS;
            gatherQueries(qkv, queryAt, rowOffsets, first);
            scores(keys, stride, bias, first, seen);
            exponentials(seen);
            sum(seen);
            normalise(seen);
            for (int e = 0; e < dh; e++) {
                weightedSum(values, e * stride, seen, e);
            }
            for (int r = 0; r < ROWS; r++) {
                int row = first + r;
                int outRow = (b * time + row) * model + h * dh;
                for (int e = 0; e < dh; e++) {
                    out[outRow + e] = outputs[e * ROWS + r];
                }
                if (probs != null) {
                    int probRow = (pair * time + row) * time;
                    for (int j = 0; j < seen; j++) {
                        probs[probRow + j] = scores[j * ROWS + r];
                    }
                }
            }
        }
    }

    // Each step a method of its own that leaves its vectors in arrays: in one method, or returning
    // a vector to a caller too large to take it inline, the JIT has vectors made on the heap.

    /** The scores' exponentials less the rows' largest, into {@code scores}: 0 where the score is -infinity. */
    private void exponentials(int seen) {
        FloatVector m = FloatVector.fromArray(S, max, 0);
        for (int at = 0; at < seen * ROWS; at += ROWS) {
            FloatVector.fromArray(S, scores, at).sub(m).intoArray(shifted, at);
        }
        VectorMath.expInPlace(shifted, 0, seen * ROWS);
        for (int at = 0; at < seen * ROWS; at += ROWS) {
            FloatVector s = FloatVector.fromArray(S, scores, at);
            FloatVector.fromArray(S, shifted, at).blend(0f, s.compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY))
                    .intoArray(scores, at);
        }
    }

    /** The exponentials times the inverse of their sum; 0 for a row whose keys are all padded. */
    private void normalise(int seen) {
        FloatVector inverse = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, sum, 0))
                .blend(0f, FloatVector.fromArray(S, max, 0).compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY));
        for (int at = 0; at < seen * ROWS; at += ROWS) {
            FloatVector.fromArray(S, scores, at).mul(inverse).intoArray(scores, at);
        }
    }

    private void gatherQueries(float[] qkv, int queryAt, int[] rowOffsets, int first) {
        for (int e = 0; e < dh; e++) {
            FloatVector.fromArray(S, qkv, queryAt + e, rowOffsets, first).mul(scale).intoArray(queries, e * ROWS);
        }
    }

    /**
     * Each key j's scores for the block's rows (-infinity for rows before j) plus its bias, into
     * {@code scores[j * 16, + 16)}; the rows' largest into {@code max}.
     */
    private void scores(float[] keys, int stride, float[] bias, int first, int seen) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < seen; j++) {
            FloatVector s = FloatVector.zero(S);
            for (int e = 0; e < dh; e++) {
                s = FloatVector.broadcast(S, keys[e * stride + j]).fma(FloatVector.fromArray(S, queries, e * ROWS), s);
            }
            if (j > first) {
                s = s.blend(Float.NEGATIVE_INFINITY, S.indexInRange(first, j));
            }
            s = s.add(bias[j]);
            s.intoArray(scores, j * ROWS);
            m = m.max(s);
        }
        m.intoArray(max, 0);
    }

    /**
     * The sums over keys [0, seen) of the exponentials in {@code scores} into {@code sum}: key j's
     * into accumulator j mod 16, then the accumulators' pairwise tree.
     */
    private void sum(int seen) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector a8 = FloatVector.zero(S), a9 = FloatVector.zero(S), a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S), a13 = FloatVector.zero(S), a14 = FloatVector.zero(S), a15 = FloatVector.zero(S);
        for (int at = 0; at < seen * ROWS; at += ROWS * ROWS) {
            a0 = a0.add(FloatVector.fromArray(S, scores, at));
            a1 = a1.add(FloatVector.fromArray(S, scores, at + ROWS));
            a2 = a2.add(FloatVector.fromArray(S, scores, at + 2 * ROWS));
            a3 = a3.add(FloatVector.fromArray(S, scores, at + 3 * ROWS));
            a4 = a4.add(FloatVector.fromArray(S, scores, at + 4 * ROWS));
            a5 = a5.add(FloatVector.fromArray(S, scores, at + 5 * ROWS));
            a6 = a6.add(FloatVector.fromArray(S, scores, at + 6 * ROWS));
            a7 = a7.add(FloatVector.fromArray(S, scores, at + 7 * ROWS));
            a8 = a8.add(FloatVector.fromArray(S, scores, at + 8 * ROWS));
            a9 = a9.add(FloatVector.fromArray(S, scores, at + 9 * ROWS));
            a10 = a10.add(FloatVector.fromArray(S, scores, at + 10 * ROWS));
            a11 = a11.add(FloatVector.fromArray(S, scores, at + 11 * ROWS));
            a12 = a12.add(FloatVector.fromArray(S, scores, at + 12 * ROWS));
            a13 = a13.add(FloatVector.fromArray(S, scores, at + 13 * ROWS));
            a14 = a14.add(FloatVector.fromArray(S, scores, at + 14 * ROWS));
            a15 = a15.add(FloatVector.fromArray(S, scores, at + 15 * ROWS));
        }
        // the tree of VectorMath.sumLanes: accumulator r plus r + 8, then r + 4, r + 2, r + 1
        FloatVector b0 = a0.add(a8), b1 = a1.add(a9), b2 = a2.add(a10), b3 = a3.add(a11);
        FloatVector b4 = a4.add(a12), b5 = a5.add(a13), b6 = a6.add(a14), b7 = a7.add(a15);
        FloatVector c0 = b0.add(b4), c1 = b1.add(b5), c2 = b2.add(b6), c3 = b3.add(b7);
        FloatVector d0 = c0.add(c2), d1 = c1.add(c3);
        d0.add(d1).intoArray(sum, 0);
    }

    /**
     * Feature e of the block's output, {@code sum_j p_j v_j[e]}, into {@code outputs[e * 16, + 16)}:
     * key j's product into accumulator j mod 16, then the tree. Key j's value feature is at
     * {@code values[valueAt + j]}.
     */
    private void weightedSum(float[] values, int valueAt, int seen, int e) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector a8 = FloatVector.zero(S), a9 = FloatVector.zero(S), a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S), a13 = FloatVector.zero(S), a14 = FloatVector.zero(S), a15 = FloatVector.zero(S);
        for (int j = 0; j < seen; j += ROWS) {
            int at = j * ROWS;
            int v = valueAt + j;
            a0 = FloatVector.fromArray(S, scores, at).fma(FloatVector.broadcast(S, values[v]), a0);
            a1 = FloatVector.fromArray(S, scores, at + ROWS).fma(FloatVector.broadcast(S, values[v + 1]), a1);
            a2 = FloatVector.fromArray(S, scores, at + 2 * ROWS).fma(FloatVector.broadcast(S, values[v + 2]), a2);
            a3 = FloatVector.fromArray(S, scores, at + 3 * ROWS).fma(FloatVector.broadcast(S, values[v + 3]), a3);
            a4 = FloatVector.fromArray(S, scores, at + 4 * ROWS).fma(FloatVector.broadcast(S, values[v + 4]), a4);
            a5 = FloatVector.fromArray(S, scores, at + 5 * ROWS).fma(FloatVector.broadcast(S, values[v + 5]), a5);
            a6 = FloatVector.fromArray(S, scores, at + 6 * ROWS).fma(FloatVector.broadcast(S, values[v + 6]), a6);
            a7 = FloatVector.fromArray(S, scores, at + 7 * ROWS).fma(FloatVector.broadcast(S, values[v + 7]), a7);
            a8 = FloatVector.fromArray(S, scores, at + 8 * ROWS).fma(FloatVector.broadcast(S, values[v + 8]), a8);
            a9 = FloatVector.fromArray(S, scores, at + 9 * ROWS).fma(FloatVector.broadcast(S, values[v + 9]), a9);
            a10 = FloatVector.fromArray(S, scores, at + 10 * ROWS).fma(FloatVector.broadcast(S, values[v + 10]), a10);
            a11 = FloatVector.fromArray(S, scores, at + 11 * ROWS).fma(FloatVector.broadcast(S, values[v + 11]), a11);
            a12 = FloatVector.fromArray(S, scores, at + 12 * ROWS).fma(FloatVector.broadcast(S, values[v + 12]), a12);
            a13 = FloatVector.fromArray(S, scores, at + 13 * ROWS).fma(FloatVector.broadcast(S, values[v + 13]), a13);
            a14 = FloatVector.fromArray(S, scores, at + 14 * ROWS).fma(FloatVector.broadcast(S, values[v + 14]), a14);
            a15 = FloatVector.fromArray(S, scores, at + 15 * ROWS).fma(FloatVector.broadcast(S, values[v + 15]), a15);
        }
        // the tree of VectorMath.sumLanes: accumulator r plus r + 8, then r + 4, r + 2, r + 1
        FloatVector b0 = a0.add(a8), b1 = a1.add(a9), b2 = a2.add(a10), b3 = a3.add(a11);
        FloatVector b4 = a4.add(a12), b5 = a5.add(a13), b6 = a6.add(a14), b7 = a7.add(a15);
        FloatVector c0 = b0.add(b4), c1 = b1.add(b5), c2 = b2.add(b6), c3 = b3.add(b7);
        FloatVector d0 = c0.add(c2), d1 = c1.add(c3);
        d0.add(d1).intoArray(outputs, e * ROWS);
    }
}
