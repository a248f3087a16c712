package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * aNbM (regular): a^n b^m with n, m >= 1. Drawn as l ~ U{2..M}, n ~ U{1..l-1}, m = l - n. R1: no b
 * before an a. Grammatical: R1 with at least one a and one b.
 */
final class AnBm extends SampledLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    AnBm(int maxLength, Sizes sizes) {
        super("aNbM", VOCABULARY, maxLength, List.of(
                new Rule("R1", "no b before an a", w -> Words.allBefore(w, A, B))), 8, sizes);
    }

    @Override
    public boolean isGrammatical(int[] word) {
        return super.isGrammatical(word) && Words.count(word, A) > 0 && Words.count(word, B) > 0;
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int l = 2 + random.nextInt(maxLength() - 1);
        int n = 1 + random.nextInt(l - 1);
        return Words.concat(Words.repeat(A, n), Words.repeat(B, l - n));
    }

    /** All 2^K words over {a, b}; in-distribution when R1 holds. */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] p : Words.allWords(new int[] {A, B}, length)) {
            (Words.allBefore(p, A, B) ? id : ood).add(p);
        }
        return new PromptSet(length, id, ood);
    }
}
