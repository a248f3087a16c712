package org.nonid.testkit;

import java.util.List;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.Vocabulary;
import org.nonid.nn.distribution.ExactModel;

/**
 * The kit's tiny trained model: next-token probabilities from bigram counts over training words
 * (add-one smoothed over the symbols and EOS). It is trained by counting, so it has no parameters
 * and no backend; {@link ExactModel} scores and decodes it on the host.
 */
final class BigramModel extends ExactModel {
    private final double[][] logProbability;

    BigramModel(int vocabulary, int maxSequenceLength, List<int[]> training) {
        super("kit-bigram", ConfigSchema.builder().build().defaults(), null, vocabulary, maxSequenceLength);
        double[][] counts = new double[vocabulary][vocabulary];
        for (double[] row : counts) {
            for (int t = 0; t < vocabulary; t++) {
                row[t] = t == Vocabulary.SOS || t == Vocabulary.PAD ? 0 : 1;
            }
        }
        for (int[] word : training) {
            int previous = Vocabulary.SOS;
            for (int symbol : word) {
                counts[previous][symbol]++;
                previous = symbol;
            }
            counts[previous][Vocabulary.EOS]++;
        }
        logProbability = new double[vocabulary][vocabulary];
        for (int from = 0; from < vocabulary; from++) {
            double total = 0;
            for (double c : counts[from]) {
                total += c;
            }
            for (int to = 0; to < vocabulary; to++) {
                logProbability[from][to] = Math.log(counts[from][to] / total);
            }
        }
    }

    @Override
    protected double[] nextAfterSymbols(int[] symbols, int length) {
        return logProbability[length == 0 ? Vocabulary.SOS : symbols[length - 1]].clone();
    }
}
