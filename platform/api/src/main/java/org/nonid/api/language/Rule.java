package org.nonid.api.language;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named predicate over a word (symbol ids only, without SOS or EOS).
 *
 * @param id          short id, e.g. {@code R1}
 * @param summary     what it says, e.g. {@code #a = #b}
 * @param predicate   the test
 */
public record Rule(String id, String summary, Predicate<int[]> predicate) {
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** Whether the word satisfies the rule. */
    public boolean test(int[] word) {
        return predicate.test(word);
    }

    @Override
    public String toString() {
        return id + ": " + summary;
    }
}
