package org.nonid.language.formal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/** Words and prompts over ( ) [ ], shared by the bracket languages. */
final class Brackets {
    static final Vocabulary VOCABULARY = Vocabulary.of("(", ")", "[", "]");
    static final int OPEN_P = VOCABULARY.id("(");
    static final int CLOSE_P = VOCABULARY.id(")");
    static final int OPEN_B = VOCABULARY.id("[");
    static final int CLOSE_B = VOCABULARY.id("]");

    private Brackets() {
    }

    /** R1 brackets matched, R2 parentheses matched (each ignoring the other kind), as dyck and csDyck have them. */
    static List<Rule> rules() {
        return List.of(
                new Rule("R1", "brackets [ ] matched", w -> Words.balanced(w, OPEN_B, CLOSE_B)),
                new Rule("R2", "parentheses ( ) matched", w -> Words.balanced(w, OPEN_P, CLOSE_P)));
    }

    /** Properly nested over both bracket kinds (each close matches the latest open). */
    static boolean nested(int[] w) {
        Deque<Integer> stack = new ArrayDeque<>();
        for (int t : w) {
            if (t == OPEN_P || t == OPEN_B) {
                stack.push(t);
            } else if (t == CLOSE_P || t == CLOSE_B) {
                if (stack.isEmpty() || stack.pop() != (t == CLOSE_P ? OPEN_P : OPEN_B)) {
                    return false;
                }
            }
        }
        return stack.isEmpty();
    }

    /**
     * A nested word drawn as a random walk over the stack: it opens a bracket of a random kind,
     * then at each step opens another (while fewer than {@code pairs} were opened, with
     * probability 1/2) or closes the latest, and stops when the stack empties.
     */
    static int[] randomNested(int pairs, SplittableRandom random) {
        return randomNested(pairs, random::nextBoolean, random);
    }

    /** The walk, opening a bracket with probability {@code open} while one is open. */
    static int[] randomNested(int pairs, double open, SplittableRandom random) {
        return randomNested(pairs, () -> random.nextDouble() < open, random);
    }

    private static int[] randomNested(int pairs, java.util.function.BooleanSupplier opens, SplittableRandom random) {
        List<Integer> word = new ArrayList<>();
        Deque<Integer> stack = new ArrayDeque<>();
        int opened = 0;
        do {
            if (opened < pairs && (stack.isEmpty() || opens.getAsBoolean())) {
                int open = random.nextBoolean() ? OPEN_P : OPEN_B;
                stack.push(open);
                word.add(open);
                opened++;
            } else {
                word.add(stack.pop() == OPEN_P ? CLOSE_P : CLOSE_B);
            }
        } while (!stack.isEmpty());
        return word.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A nested word of exactly {@code pairs} pairs (the walk above, redrawn until it has them). */
    static int[] randomNestedExactly(int pairs, SplittableRandom random) {
        while (true) {
            int[] w = randomNested(pairs, random);
            if (w.length == 2 * pairs) {
                return w;
            }
        }
    }

    /**
     * 32 random nested words w of length K-2; in-distribution prompts {@code ( [ w}, out-of-distribution
     * prompts {@code ) [ w} (R2 broken from the first symbol).
     */
    static PromptSet prompts(int length, SplittableRandom random) {
        if (length < 4 || length % 2 != 0) {
            throw new IllegalArgumentException("bracket prompts have an even length of at least 4 (( [ w), not " + length);
        }
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int[] w = randomNestedExactly((length - 2) / 2, random);
            id.add(Words.concat(new int[] {OPEN_P, OPEN_B}, w));
            ood.add(Words.concat(new int[] {CLOSE_P, OPEN_B}, w));
        }
        return new PromptSet(length, id, ood);
    }
}
