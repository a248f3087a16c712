package org.nonid.api.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Incremental next-token prediction for a fixed batch of sequences, one position at a time
 * (models with caches make each step cheap). Feed SOS and the prompt first, then each chosen token.
 */
@ConsumerType
public interface Decoder extends AutoCloseable {

    /** The number of sequences decoded together. */
    int batchSize();

    /** The number of positions fed so far. */
    int position();

    /** The most positions this decoder can take. */
    int capacity();

    /**
     * Feeds one token per sequence and returns the log-probabilities of the next token,
     * {@code [batchSize * vocabularySize]}.
     */
    float[] step(int[] tokens);

    /** Releases the decoder's memory. */
    @Override
    void close();
}
