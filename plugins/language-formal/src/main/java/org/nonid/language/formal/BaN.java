package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * baN (regular): words that start with b and have an even number of a. Drawn as l ~ U{1..M},
 * k ~ U{0..(l-1)/2}, then b followed by a^2k b^(l-1-2k) shuffled. R1: even #a. R2: starts with b.
 */
final class BaN extends SampledLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    BaN(int maxLength, Sizes sizes) {
        super("baN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "even #a", w -> Words.count(w, A) % 2 == 0),
                new Rule("R2", "starts with b", w -> w.length > 0 && w[0] == B)), 8, sizes);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int l = 1 + random.nextInt(maxLength());
        int k = random.nextInt((l - 1) / 2 + 1);
        int[] rest = Words.shuffle(Words.concat(Words.repeat(A, 2 * k), Words.repeat(B, l - 1 - 2 * k)), random);
        return Words.concat(new int[] {B}, rest);
    }

    /** All 2^K words over {a, b}; in-distribution when they start with b. */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] p : Words.allWords(new int[] {A, B}, length)) {
            (p.length > 0 && p[0] == B ? id : ood).add(p);
        }
        return new PromptSet(length, id, ood);
    }
}
