package org.nonid.nn.distribution;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.Vocabulary;

/**
 * A test model over SOS, EOS, PAD and two symbols whose next-token distribution after every prefix is
 * a softmax of logits drawn from the prefix and a seed: every symbol and EOS has positive probability.
 */
final class RandomTable extends ExactModel {
    static final int VOCABULARY = 5;
    private final long seed;

    RandomTable(long seed, int positions) {
        super("random-table", ConfigSchema.empty().defaults(), null, VOCABULARY, positions);
        this.seed = seed;
    }

    @Override
    protected double[] nextAfterSymbols(int[] symbols, int length) {
        SplittableRandom random = new SplittableRandom(seed * 31 + Arrays.hashCode(Arrays.copyOf(symbols, length)));
        double[] logits = new double[VOCABULARY];
        Arrays.fill(logits, Double.NEGATIVE_INFINITY);
        double max = Double.NEGATIVE_INFINITY;
        for (int v = Vocabulary.EOS; v < VOCABULARY; v++) {
            if (v != Vocabulary.PAD) {
                logits[v] = 2 * random.nextGaussian();
                max = Math.max(max, logits[v]);
            }
        }
        double sum = 0;
        for (double l : logits) {
            sum += Math.exp(l - max);
        }
        double log = max + Math.log(sum);
        for (int v = 0; v < VOCABULARY; v++) {
            logits[v] -= log;
        }
        return logits;
    }
}
