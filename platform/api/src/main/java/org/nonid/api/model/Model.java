package org.nonid.api.model;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An autoregressive next-token model on one backend. Not thread-safe: one run uses it at a time.
 */
@ConsumerType
public interface Model extends AutoCloseable {

    /** The family that made it. */
    String family();

    /** Its resolved hyperparameters. */
    Config hyperparameters();

    /** The backend its tensors live on. */
    ComputeBackend backend();

    /** The number of token ids it predicts over. */
    int vocabularySize();

    /** The longest sequence it accepts (positions). */
    int maxSequenceLength();

    /** Its trainable parameters, in a stable order. */
    List<Parameter> parameters();

    /** Switches dropout (and any other training-only behaviour) on or off. */
    void setTraining(boolean training);

    /**
     * Runs the batch forward and backward, accumulating parameter gradients of the weighted
     * cross-entropy {@code sum w * CE}.
     *
     * @return the weighted sum of the token cross-entropies
     */
    double lossAndGradients(TokenBatch batch);

    /** The weighted sum of the token cross-entropies, without gradients. */
    double loss(TokenBatch batch);

    /** A decoder for {@code batchSize} sequences of at most {@code capacity} positions. */
    Decoder decoder(int batchSize, int capacity);

    /** Releases the model's memory. */
    @Override
    void close();
}
