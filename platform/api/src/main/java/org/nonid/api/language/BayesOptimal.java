package org.nonid.api.language;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loss of the predictor that knows the data distribution: for a set of words,
 * {@code sum -log p(word)} over the counted positions (each word is followed by EOS, and PAD
 * targets after it have probability 1 under that predictor).
 */
public final class BayesOptimal {
    private BayesOptimal() {
    }

    /**
     * The mean Bayes-optimal cross-entropy per counted position of {@code words}; empty when the
     * language's support is not finite or a word is outside it.
     *
     * @param includePadTargets whether PAD targets count as positions (the papers: yes)
     */
    public static Optional<Double> meanLoss(FormalLanguage language, List<int[]> words, boolean includePadTargets) {
        Optional<List<WeightedWord>> support = language.support();
        if (support.isEmpty() || words.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Double> probability = new HashMap<>();
        for (WeightedWord w : support.get()) {
            probability.merge(Arrays.toString(w.word()), w.probability(), Double::sum);
        }
        double nll = 0;
        long positions = 0;
        for (int[] word : words) {
            Double p = probability.get(Arrays.toString(word));
            if (p == null || p <= 0) {
                return Optional.empty();
            }
            nll -= Math.log(p);
            positions += includePadTargets ? language.sequenceLength() - 1 : word.length + 1;
        }
        return Optional.of(nll / positions);
    }
}
