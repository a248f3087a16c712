package org.nonid.api.compute;

/**
 * The shape of multi-head causal self-attention over packed projections. The input {@code qkv}
 * is {@code [batch * time, 3 * heads * headDim]}, each row holding the query, key and value of
 * one position (head-major inside each); the output is {@code [batch * time, heads * headDim]}.
 * Attention probabilities are {@code [batch, heads, time, time]}.
 */
public record AttentionShape(int batch, int time, int heads, int headDim) {
    public AttentionShape {
        if (batch <= 0 || time <= 0 || heads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("attention dimensions must be positive: " + batch + "x" + time
                    + " heads " + heads + " headDim " + headDim);
        }
    }

    /** heads * headDim. */
    public int model() {
        return heads * headDim;
    }

    /** batch * time. */
    public int rows() {
        return batch * time;
    }

    /** The number of elements of the probability tensor. */
    public long probabilitySize() {
        return (long) batch * heads * time * time;
    }
}
