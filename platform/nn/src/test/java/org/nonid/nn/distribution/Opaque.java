package org.nonid.nn.distribution;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/** A model seen only through the Model interface (float decoder), as a trained model is. */
record Opaque(Model inner) implements Model {
    @Override
    public String family() {
        return inner.family();
    }

    @Override
    public Config hyperparameters() {
        return inner.hyperparameters();
    }

    @Override
    public ComputeBackend backend() {
        return inner.backend();
    }

    @Override
    public int vocabularySize() {
        return inner.vocabularySize();
    }

    @Override
    public int maxSequenceLength() {
        return inner.maxSequenceLength();
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public void setTraining(boolean training) {
    }

    @Override
    public double lossAndGradients(TokenBatch batch) {
        return inner.lossAndGradients(batch);
    }

    @Override
    public double loss(TokenBatch batch) {
        return inner.loss(batch);
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return inner.decoder(batchSize, capacity);
    }

    @Override
    public void close() {
    }
}
