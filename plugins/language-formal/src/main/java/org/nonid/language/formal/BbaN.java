package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * bbaN (regular): b^n a^2m with n >= 1. Drawn as l ~ U{1..M}, k ~ U{0..(l-1)/2}, then
 * b^(l-2k) a^2k. R1: an even number of a after the last b. R2: every a after the last b, and at
 * least one b.
 */
final class BbaN extends SampledLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    BbaN(int maxLength, Sizes sizes) {
        super("bbaN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "even #a after the last b", BbaN::evenTail),
                new Rule("R2", "every a after the last b, at least one b", w -> Words.count(w, B) > 0
                        && Words.allBefore(w, B, A))), 8, sizes);
    }

    static boolean evenTail(int[] w) {
        int tail = 0;
        for (int i = w.length - 1; i >= 0 && w[i] != B; i--) {
            if (w[i] == A) {
                tail++;
            }
        }
        return tail % 2 == 0;
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int l = 1 + random.nextInt(maxLength());
        int k = random.nextInt((l - 1) / 2 + 1);
        return Words.concat(Words.repeat(B, l - 2 * k), Words.repeat(A, 2 * k));
    }

    /**
     * 128 in-distribution prompts b^(K-k) a^k with k ~ U{1..K-1} and 128 out-of-distribution prompts
     * a b^(K-1-k) a^k with k ~ U{1..K-2}, drawn with {@code random}.
     */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        if (length < 3) {
            throw new IllegalArgumentException("bbaN prompts need a length of at least 3, not " + length);
        }
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            int k = 1 + random.nextInt(length - 1);
            id.add(Words.concat(Words.repeat(B, length - k), Words.repeat(A, k)));
        }
        for (int i = 0; i < 128; i++) {
            int k = 1 + random.nextInt(length - 2);
            ood.add(Words.concat(new int[] {A}, Words.repeat(B, length - 1 - k), Words.repeat(A, k)));
        }
        return new PromptSet(length, id, ood);
    }
}
