package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/** a^n b^n c^n, n = 1..M/3 uniform (context-sensitive). R1: #a = #b = #c. R2: a's, then b's, then c's. */
final class AnBnCn extends FiniteLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b", "c");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");
    private static final int C = VOCABULARY.id("c");

    AnBnCn(int maxLength) {
        super("aNbNcN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "#a = #b = #c", w -> Words.count(w, A) == Words.count(w, B)
                        && Words.count(w, B) == Words.count(w, C)),
                new Rule("R2", "a's before b's before c's", w -> Words.allBefore(w, A, B) && Words.allBefore(w, B, C)
                        && Words.allBefore(w, A, C))), 5);
    }

    @Override
    List<int[]> enumerate() {
        List<int[]> words = new ArrayList<>();
        for (int n = 1; n <= maxLength() / 3; n++) {
            words.add(Words.concat(Words.repeat(A, n), Words.repeat(B, n), Words.repeat(C, n)));
        }
        return words;
    }
}
