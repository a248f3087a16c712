package org.nonid.api.model;

import org.nonid.api.language.Vocabulary;

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

    /**
     * Words (symbol ids) as teacher-forced sequences {@code SOS word EOS PAD...} of a fixed length:
     * inputs are positions 0..L-2 and targets 1..L-1; every counted position (PAD targets only when
     * asked) gets the given weight.
     */
    public static TokenBatch ofWords(java.util.List<int[]> words, int sequenceLength, boolean includePadTargets,
                                     double weightPerPosition) {
        int length = sequenceLength - 1;
        int n = words.size() * length;
        int[] inputs = new int[n];
        int[] targets = new int[n];
        float[] weights = new float[n];
        float w = (float) weightPerPosition;
        int[] seq = new int[sequenceLength];
        for (int b = 0; b < words.size(); b++) {
            int[] word = words.get(b);
            if (word.length + 2 > sequenceLength) {
                throw new IllegalArgumentException("word of " + word.length + " symbols does not fit sequences of "
                        + sequenceLength);
            }
            java.util.Arrays.fill(seq, Vocabulary.PAD);
            seq[0] = Vocabulary.SOS;
            System.arraycopy(word, 0, seq, 1, word.length);
            seq[word.length + 1] = Vocabulary.EOS;
            for (int t = 0; t < length; t++) {
                int i = b * length + t;
                inputs[i] = seq[t];
                targets[i] = seq[t + 1];
                weights[i] = includePadTargets || seq[t + 1] != Vocabulary.PAD ? w : 0f;
            }
        }
        return new TokenBatch(words.size(), length, inputs, targets, weights);
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
