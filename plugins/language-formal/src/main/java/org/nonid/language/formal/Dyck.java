package org.nonid.language.formal;

import java.util.SplittableRandom;
import org.nonid.api.language.PromptSet;

/**
 * dyck (context-free): properly nested ( ) and [ ]. Drawn as l ~ U{1..M/2} and a random walk over
 * the stack that opens at most l brackets and stops when the stack empties; while a bracket is open
 * it opens another with probability {@code openProbability} (the authors' generator: 2/3). R1: the brackets [ ]
 * matched (ignoring parentheses). R2: the parentheses ( ) matched (ignoring brackets).
 * Grammatical: properly nested (stricter than R1 and R2: {@code ( [ ) ]} is not).
 */
final class Dyck extends SampledLanguage {
    static final String OPEN_PROBABILITY = "openProbability";
    private final double openProbability;

    Dyck(int maxLength, Sizes sizes, double openProbability) {
        super("dyck", Brackets.VOCABULARY, maxLength, Brackets.rules(), 8, sizes);
        this.openProbability = openProbability;
    }

    @Override
    public boolean isGrammatical(int[] word) {
        return word.length > 0 && Brackets.nested(word);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        return Brackets.randomNested(1 + random.nextInt(maxLength() / 2), openProbability, random);
    }

    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        return Brackets.prompts(length, random);
    }
}
