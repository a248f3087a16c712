package org.nonid.api.model;

/**
 * A batch of equal-length token sequences for teacher-forced training or scoring: position t of
 * row b reads {@code inputs[b * length + t]} and is scored against {@code targets[b * length + t]}
 * with weight {@code weights[b * length + t]} (0 leaves a position out).
 */
public record TokenBatch(int batch, int length, int[] inputs, int[] targets, float[] weights) {
    public TokenBatch {
        int n = batch * length;
        if (batch <= 0 || length <= 0 || inputs.length != n || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("token batch " + batch + "x" + length + " has arrays of "
                    + inputs.length + "/" + targets.length + "/" + weights.length);
        }
    }

    /** batch * length. */
    public int positions() {
        return batch * length;
    }

    /** The sum of the weights. */
    public double totalWeight() {
        double sum = 0;
        for (float w : weights) {
            sum += w;
        }
        return sum;
    }
}
