package org.nonid.api.model;

import org.nonid.api.compute.ComputeBackend;

/**
 * What a model is built for.
 *
 * @param backend           where its tensors live
 * @param vocabularySize    number of token ids
 * @param maxSequenceLength the longest sequence it must accept (positions, SOS included)
 * @param seed              the seed of its weights and dropout streams
 */
public record ModelContext(ComputeBackend backend, int vocabularySize, int maxSequenceLength, long seed) {
}
