package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * abN: a^n b^n shuffled, n ~ U{1..M/2} (context-free). R1: #a = #b. Every prompt short enough can be
 * completed, so all prompts are in-distribution and there are no out-of-distribution ones.
 */
final class AbN extends SampledLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    AbN(int maxLength, Sizes sizes) {
        super("abN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "#a = #b", w -> Words.count(w, A) == Words.count(w, B))), 8, sizes);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int n = 1 + random.nextInt(maxLength() / 2);
        return Words.shuffle(Words.concat(Words.repeat(A, n), Words.repeat(B, n)), random);
    }

    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] p : Words.allWords(new int[] {A, B}, length)) {
            int needed = Math.max(Words.count(p, A), Words.count(p, B));
            (2 * needed <= maxLength() ? id : ood).add(p);
        }
        return new PromptSet(length, id, ood);
    }
}
