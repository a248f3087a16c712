package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/** a^n b^n, n = 1..M/2 uniform (context-free). R1: #a = #b. R2: no b before an a. */
final class AnBn extends FiniteLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    AnBn(int maxLength) {
        super("aNbN", VOCABULARY, maxLength, List.of(
                new Rule("R1", "#a = #b", w -> Words.count(w, A) == Words.count(w, B)),
                new Rule("R2", "no b before an a", w -> Words.allBefore(w, A, B))), 8);
    }

    @Override
    List<int[]> enumerate() {
        List<int[]> words = new ArrayList<>();
        for (int n = 1; n <= maxLength() / 2; n++) {
            words.add(Words.concat(Words.repeat(A, n), Words.repeat(B, n)));
        }
        return words;
    }
}
