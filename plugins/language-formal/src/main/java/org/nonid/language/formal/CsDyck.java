package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;

/**
 * csDyck (context-sensitive): ( ) and [ ] each matched, and they may cross ({@code ( [ ) ]}). Drawn
 * as l ~ U{1..M/2} and a word of exactly 2l symbols from two independent stacks. R1: brackets
 * matched. R2: parentheses matched.
 */
final class CsDyck extends SampledLanguage {
    CsDyck(int maxLength, Sizes sizes) {
        super("csDyck", Brackets.VOCABULARY, maxLength, Brackets.rules(), 8, sizes);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        int pairs = 1 + random.nextInt(maxLength() / 2);
        int[] word = new int[2 * pairs];
        int opened = 0;
        int parens = 0;
        int brackets = 0;
        for (int i = 0; i < word.length; i++) {
            List<Integer> moves = new ArrayList<>(4);
            if (opened < pairs) {
                moves.add(Brackets.OPEN_P);
                moves.add(Brackets.OPEN_B);
            }
            if (parens > 0) {
                moves.add(Brackets.CLOSE_P);
            }
            if (brackets > 0) {
                moves.add(Brackets.CLOSE_B);
            }
            int move = moves.get(random.nextInt(moves.size()));
            word[i] = move;
            if (move == Brackets.OPEN_P || move == Brackets.OPEN_B) {
                opened++;
            }
            parens += move == Brackets.OPEN_P ? 1 : move == Brackets.CLOSE_P ? -1 : 0;
            brackets += move == Brackets.OPEN_B ? 1 : move == Brackets.CLOSE_B ? -1 : 0;
        }
        return word;
    }

    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        return Brackets.prompts(length, random);
    }
}
