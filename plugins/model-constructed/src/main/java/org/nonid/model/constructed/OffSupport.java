package org.nonid.model.constructed;

import java.util.Arrays;
import java.util.List;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.nn.distribution.LogProbabilities;

/**
 * What a constructed model does after a prefix that starts no word of the support. Every choice
 * leaves the distribution on the support, and so the loss, unchanged.
 */
enum OffSupport {
    /** Appends the symbols whose count is behind, in vocabulary order, then EOS: R1 holds. */
    EXTRAPOLATE,
    /** EOS when the counts already differ, else one more of the last symbol first: R1 breaks. */
    VIOLATE,
    /** Every symbol and EOS equally likely (the papers' chance model). */
    UNIFORM,
    /** EOS at once. */
    EOS;

    static String[] names() {
        return Arrays.stream(values()).map(v -> v.name().toLowerCase()).toArray(String[]::new);
    }

    static OffSupport of(String name, FormalLanguage language) {
        OffSupport choice = valueOf(name.toUpperCase());
        if ((choice == EXTRAPOLATE || choice == VIOLATE) && !r1IsEqualCounts(language)) {
            throw new IllegalArgumentException("ood=" + name + " completes so that R1 ('every symbol equally often')"
                    + " holds or breaks, but R1 of " + language.name() + " is "
                    + (language.rules().isEmpty() ? "missing" : "'" + language.rules().get(0).summary() + "'")
                    + "; it applies to languages such as aNbN and aNbNcN; use ood=uniform or ood=eos");
        }
        return choice;
    }

    /** The next-token log-probabilities after an off-support prefix of symbols. */
    double[] next(int[] symbols, int length, int vocabularySize) {
        return switch (this) {
            case EXTRAPOLATE -> LogProbabilities.certain(firstBehind(symbols, length, vocabularySize), vocabularySize);
            case VIOLATE -> LogProbabilities.certain(equalCounts(symbols, length, vocabularySize) ? vocabularySize - 1 : Vocabulary.EOS,
                    vocabularySize);
            case UNIFORM -> LogProbabilities.uniformOverSymbolsAndEos(vocabularySize);
            case EOS -> LogProbabilities.certain(Vocabulary.EOS, vocabularySize);
        };
    }

    private static int firstBehind(int[] symbols, int length, int vocabularySize) {
        int[] counts = counts(symbols, length, vocabularySize);
        int max = Arrays.stream(counts).max().orElse(0);
        for (int v = Vocabulary.PAD + 1; v < vocabularySize; v++) {
            if (counts[v] < max) {
                return v;
            }
        }
        return Vocabulary.EOS;
    }

    private static boolean equalCounts(int[] symbols, int length, int vocabularySize) {
        int[] counts = counts(symbols, length, vocabularySize);
        for (int v = Vocabulary.PAD + 2; v < vocabularySize; v++) {
            if (counts[v] != counts[Vocabulary.PAD + 1]) {
                return false;
            }
        }
        return true;
    }

    private static int[] counts(int[] symbols, int length, int vocabularySize) {
        int[] counts = new int[vocabularySize];
        for (int i = 0; i < length; i++) {
            counts[symbols[i]]++;
        }
        Arrays.fill(counts, 0, Vocabulary.PAD + 1, 0);
        return counts;
    }

    /** Whether R1 says exactly "every symbol occurs equally often", checked on every word of up to 6 symbols. */
    static boolean r1IsEqualCounts(FormalLanguage language) {
        List<Rule> rules = language.rules();
        if (rules.isEmpty()) {
            return false;
        }
        int symbols = language.vocabulary().symbols().size();
        int vocabularySize = language.vocabulary().size();
        for (int length = 0; length <= 6; length++) {
            int[] word = new int[length];
            long total = (long) Math.pow(symbols, length);
            for (long index = 0; index < total; index++) {
                long rest = index;
                for (int i = 0; i < length; i++) {
                    word[i] = Vocabulary.PAD + 1 + (int) (rest % symbols);
                    rest /= symbols;
                }
                if (rules.get(0).test(word) != equalCounts(word, length, vocabularySize)) {
                    return false;
                }
            }
        }
        return true;
    }
}
