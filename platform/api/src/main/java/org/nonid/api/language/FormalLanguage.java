package org.nonid.api.language;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One formal language with fixed parameters. Words are arrays of symbol ids (no SOS, EOS or PAD);
 * a training sequence is {@code SOS word EOS} padded with PAD to {@link #sequenceLength()}.
 */
@ConsumerType
public interface FormalLanguage {

    /** The language's name, e.g. {@code aNbN}. */
    String name();

    /** Its tokens. */
    Vocabulary vocabulary();

    /** The most symbols a word of the data can have (M). */
    int maxLength();

    /** The length of a padded training sequence: M + 2 (SOS and EOS). */
    default int sequenceLength() {
        return maxLength() + 2;
    }

    /** The rules in order (R1, R2, ...). */
    List<Rule> rules();

    /** Whether a word belongs to the language. */
    boolean isGrammatical(int[] word);

    /** Draws one word from the data distribution. */
    int[] sample(SplittableRandom random);

    /** The exact support with its probabilities, where it is finite. */
    Optional<List<WeightedWord>> support();

    /** Train, validation and test words, drawn with {@code random} where the language samples. */
    Datasets datasets(SplittableRandom random);

    /** The prompt length used when none is given. */
    int defaultPromptLength();

    /** The ID and OOD prompts of a length, drawn with {@code random} where the set is random. */
    PromptSet prompts(int length, SplittableRandom random);

    /** Lines a description of the language adds (e.g. its accuracy levels by number of demonstrations); none by default. */
    default List<String> notes() {
        return List.of();
    }
}
