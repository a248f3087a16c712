package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * parentheses (context-free): balanced ( ). Drawn like dyck with one kind of bracket. R1: as many (
 * as ). R2: no prefix closes more than it opened.
 */
final class Parentheses extends SampledLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("(", ")");
    private static final int OPEN = VOCABULARY.id("(");
    private static final int CLOSE = VOCABULARY.id(")");

    Parentheses(int maxLength, Sizes sizes) {
        super("parentheses", VOCABULARY, maxLength, List.of(
                new Rule("R1", "#( = #)", w -> Words.count(w, OPEN) == Words.count(w, CLOSE)),
                new Rule("R2", "no prefix closes more than it opened", w -> Words.neverBelowZero(w, OPEN, CLOSE))), 8,
                sizes);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int pairs = 1 + random.nextInt(maxLength() / 2);
        List<Integer> word = new ArrayList<>();
        int depth = 0;
        int opened = 0;
        do {
            if (opened < pairs && (depth == 0 || random.nextBoolean())) {
                word.add(OPEN);
                depth++;
                opened++;
            } else {
                word.add(CLOSE);
                depth--;
            }
        } while (depth > 0);
        return word.stream().mapToInt(Integer::intValue).toArray();
    }

    /** All 2^K words over ( ); in-distribution when they start some balanced word within M. */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] p : Words.allWords(new int[] {OPEN, CLOSE}, length)) {
            int open = Words.count(p, OPEN) - Words.count(p, CLOSE);
            boolean completable = Words.neverBelowZero(p, OPEN, CLOSE) && p.length + open <= maxLength();
            (completable ? id : ood).add(p);
        }
        return new PromptSet(length, id, ood);
    }
}
