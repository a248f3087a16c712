package org.nonid.nn.distribution;

import java.util.Arrays;
import org.nonid.api.language.Vocabulary;

/** Next-token log-probability vectors that exact predictors write down. */
public final class LogProbabilities {
    private LogProbabilities() {
    }

    /** All mass on one token. */
    public static double[] certain(int token, int vocabularySize) {
        double[] logp = new double[vocabularySize];
        Arrays.fill(logp, Double.NEGATIVE_INFINITY);
        logp[token] = 0;
        return logp;
    }

    /** Every symbol and EOS alike (the papers' chance model); SOS and PAD impossible. */
    public static double[] uniformOverSymbolsAndEos(int vocabularySize) {
        double[] logp = new double[vocabularySize];
        Arrays.fill(logp, Double.NEGATIVE_INFINITY);
        double each = -Math.log(vocabularySize - Vocabulary.PAD);
        logp[Vocabulary.EOS] = each;
        for (int v = Vocabulary.PAD + 1; v < vocabularySize; v++) {
            logp[v] = each;
        }
        return logp;
    }

    /** Nothing possible: every token has probability zero. */
    public static double[] none(int vocabularySize) {
        double[] logp = new double[vocabularySize];
        Arrays.fill(logp, Double.NEGATIVE_INFINITY);
        return logp;
    }
}
