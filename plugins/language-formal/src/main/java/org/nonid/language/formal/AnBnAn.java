package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/**
 * a^n b^n a^n, n = 1..M/3 uniform (context-sensitive; the fine-tuning target). R1: #a = 2 #b.
 * R2: a's, then b's, then a's. R3: as many a's before the b's as after them.
 */
final class AnBnAn extends FiniteLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    AnBnAn(int maxLength) {
        super("aNbNaN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "#a = 2 #b", w -> Words.count(w, A) == 2 * Words.count(w, B)),
                new Rule("R2", "a's, then b's, then a's", AnBnAn::threeBlocks),
                new Rule("R3", "as many a's before the b's as after", AnBnAn::sameEnds)), 8);
    }

    /** Of the form a* b* a*. */
    static boolean threeBlocks(int[] w) {
        int changes = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] != w[i - 1]) {
                changes++;
            }
        }
        boolean startsWithA = w.length == 0 || w[0] == A;
        return startsWithA ? changes <= 2 : changes <= 1;
    }

    /** Leading a's as many as trailing a's (a word of only a's counts its a's as both). */
    static boolean sameEnds(int[] w) {
        int lead = 0;
        while (lead < w.length && w[lead] == A) {
            lead++;
        }
        if (lead == w.length) {
            return true;
        }
        int trail = 0;
        while (trail < w.length && w[w.length - 1 - trail] == A) {
            trail++;
        }
        return lead == trail;
    }

    @Override
    List<int[]> enumerate() {
        List<int[]> words = new ArrayList<>();
        for (int n = 1; n <= maxLength() / 3; n++) {
            words.add(Words.concat(Words.repeat(A, n), Words.repeat(B, n), Words.repeat(A, n)));
        }
        return words;
    }
}
