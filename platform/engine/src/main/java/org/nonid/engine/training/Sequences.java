package org.nonid.engine.training;

import java.util.List;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.TokenBatch;

/**
 * Turns words into teacher-forced token batches: each word becomes {@code SOS word EOS PAD...} of
 * the language's sequence length; inputs are positions 0..L-2 and targets 1..L-1. Weights are
 * normalised so that the model's weighted sum is the mean per counted position.
 */
public final class Sequences {
    private final int sequenceLength;
    private final boolean includePadTargets;

    public Sequences(int sequenceLength, boolean includePadTargets) {
        this.sequenceLength = sequenceLength;
        this.includePadTargets = includePadTargets;
    }

    /** The padded sequence of a word. */
    public int[] frame(int[] word) {
        if (word.length + 2 > sequenceLength) {
            throw new IllegalArgumentException("word of " + word.length + " symbols does not fit sequences of "
                    + sequenceLength);
        }
        int[] seq = new int[sequenceLength];
        java.util.Arrays.fill(seq, Vocabulary.PAD);
        seq[0] = Vocabulary.SOS;
        System.arraycopy(word, 0, seq, 1, word.length);
        seq[word.length + 1] = Vocabulary.EOS;
        return seq;
    }

    /** The positions a word contributes to the loss. */
    public int countedPositions(int[] word) {
        return includePadTargets ? sequenceLength - 1 : word.length + 1;
    }

    /** A batch of the given words, weights summing to 1. */
    public TokenBatch batch(List<int[]> words) {
        return batch(words, 1.0 / totalPositions(words));
    }

    /** A batch where every counted position has the given weight. */
    public TokenBatch batch(List<int[]> words, double weightPerPosition) {
        return TokenBatch.ofWords(words, sequenceLength, includePadTargets, weightPerPosition);
    }

    /**
     * Taught completions: each row is {@code SOS prompt completion EOS PAD...}, and only the
     * completion and its EOS are scored, with weights summing to {@code totalWeight}.
     */
    public TokenBatch teacherBatch(List<TeacherSequence> sequences, double totalWeight) {
        return teacherBatch(sequences, totalWeight, AuxiliaryObjective.Scoring.COMPLETION_AND_EOS, longest(sequences));
    }

    /** The length of the longest of these taught sequences: SOS prompt completion EOS. */
    public static int longest(List<TeacherSequence> sequences) {
        int longest = 0;
        for (TeacherSequence t : sequences) {
            longest = Math.max(longest, t.prompt().length + t.completion().length + 2);
        }
        return longest;
    }

    /**
     * Taught completions scored as {@code scoring} says; {@code paddedLength} (at least the longest of
     * these) is the padded length over the whole objective, which the papers' scoring counts PAD targets up to.
     */
    public TokenBatch teacherBatch(List<TeacherSequence> sequences, double totalWeight,
                                   AuxiliaryObjective.Scoring scoring, int paddedLength) {
        boolean papers = scoring == AuxiliaryObjective.Scoring.FROM_SECOND_WITH_PADDING;
        // as long as the taught sequences need (SOS prompt completion EOS), not the data's length
        int longest = papers ? Math.max(paddedLength, longest(sequences)) : longest(sequences);
        int length = longest - 1;
        int n = sequences.size() * length;
        int[] inputs = new int[n];
        int[] targets = new int[n];
        float[] weights = new float[n];
        long scored = 0;
        for (TeacherSequence t : sequences) {
            scored += papers ? length - (t.prompt().length + 1) : t.completion().length + 1;
        }
        float w = (float) (totalWeight / Math.max(1, scored));
        for (int b = 0; b < sequences.size(); b++) {
            TeacherSequence t = sequences.get(b);
            int[] word = new int[t.prompt().length + t.completion().length];
            System.arraycopy(t.prompt(), 0, word, 0, t.prompt().length);
            System.arraycopy(t.completion(), 0, word, t.prompt().length, t.completion().length);
            int[] seq = java.util.Arrays.copyOf(frame(word), longest);
            for (int pos = 0; pos < length; pos++) {
                int i = b * length + pos;
                inputs[i] = seq[pos];
                targets[i] = seq[pos + 1];
                boolean counted = papers ? pos >= t.prompt().length + 1
                        : pos >= t.prompt().length && pos <= word.length;
                weights[i] = counted ? w : 0f;
            }
        }
        return new TokenBatch(sequences.size(), length, inputs, targets, weights);
    }

    /** The number of counted positions of words. */
    public long totalPositions(List<int[]> words) {
        long total = 0;
        for (int[] w : words) {
            total += countedPositions(w);
        }
        return total;
    }

    public boolean includePadTargets() {
        return includePadTargets;
    }

    public int sequenceLength() {
        return sequenceLength;
    }
}
