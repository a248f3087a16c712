package org.nonid.nn.distribution;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.WeightedWord;

/**
 * The data distribution of a language with a finite support, as a model: its exact conditionals on
 * the support, and probability zero for everything the data never does (after a prefix that starts
 * no word, every token has probability zero).
 */
public final class DataModel extends ExactModel {
    private final SupportTrie trie;

    private DataModel(FormalLanguage language, List<WeightedWord> support, ComputeBackend backend, int maxSequenceLength) {
        super("data", ConfigSchema.empty().defaults(), backend, language.vocabulary().size(), maxSequenceLength);
        this.trie = new SupportTrie(support, language.vocabulary().size());
    }

    /**
     * The data distribution of a language.
     *
     * @throws IllegalArgumentException if its support is not finite
     */
    public static DataModel of(FormalLanguage language, ComputeBackend backend, int maxSequenceLength) {
        List<WeightedWord> support = language.support().orElseThrow(() -> new IllegalArgumentException(
                "the data distribution of " + language.name() + " is known only by its samples (its support is not"
                        + " finite): exact probabilities, and so a divergence from the data, need a finite support"));
        return new DataModel(language, support, backend, maxSequenceLength);
    }

    @Override
    protected double[] nextAfterSymbols(int[] symbols, int length) {
        return trie.next(symbols, 0, length).orElseGet(() -> LogProbabilities.none(vocabularySize()));
    }
}
