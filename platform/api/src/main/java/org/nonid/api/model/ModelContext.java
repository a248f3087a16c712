package org.nonid.api.model;

import java.util.Optional;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.language.FormalLanguage;

/**
 * What a model is built for.
 *
 * @param backend           where its tensors live
 * @param vocabularySize    number of token ids
 * @param maxSequenceLength the longest sequence it must accept (positions, SOS included)
 * @param seed              the seed of its weights and dropout streams
 * @param language          the language of the run, or null where none is known; families whose
 *                          models are written rather than trained (e.g. a language's Bayes-optimal
 *                          predictor) need it, trained families ignore it
 */
public record ModelContext(ComputeBackend backend, int vocabularySize, int maxSequenceLength, long seed,
                           FormalLanguage language) {

    /** A context without a language. */
    public ModelContext(ComputeBackend backend, int vocabularySize, int maxSequenceLength, long seed) {
        this(backend, vocabularySize, maxSequenceLength, seed, null);
    }

    /** The run's language, where known. */
    public Optional<FormalLanguage> languageIfKnown() {
        return Optional.ofNullable(language);
    }
}
