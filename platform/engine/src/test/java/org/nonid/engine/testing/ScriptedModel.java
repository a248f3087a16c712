package org.nonid.engine.testing;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.nn.StepDecoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * A model whose decoder predicts, for sequence i after it has been fed p tokens, the token
 * {@code script[i][p - start]} (and PAD outside the script): for testing decoding.
 */
public final class ScriptedModel implements Model {
    private final int vocabulary;
    private final int start;
    private final int[][] script;

    /**
     * @param start the number of tokens fed (SOS + prompt) before the script begins
     */
    private int positions = Integer.MAX_VALUE;

    public ScriptedModel(int vocabulary, int start, int[][] script) {
        this.vocabulary = vocabulary;
        this.start = start;
        this.script = script;
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        if (capacity > positions) {
            throw new IllegalArgumentException("capacity " + capacity + " exceeds " + positions + " positions");
        }
        return new StepDecoder(batchSize, capacity) {
            @Override
            protected float[] advance(int[] tokens, int position) {
                float[] logProbs = new float[batchSize * vocabulary];
                java.util.Arrays.fill(logProbs, -20f);
                for (int i = 0; i < batchSize; i++) {
                    int at = position + 1 - start;
                    int token = at >= 0 && at < script[i].length ? script[i][at] : 2;
                    logProbs[i * vocabulary + token] = 0f;
                }
                return logProbs;
            }

            @Override
            protected void release() {
            }
        };
    }

    @Override
    public String family() {
        return "scripted";
    }

    @Override
    public Config hyperparameters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ComputeBackend backend() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public int maxSequenceLength() {
        return positions;
    }

    /** The same model with a fixed number of positions (as models with positional tables have). */
    public ScriptedModel withPositions(int positions) {
        this.positions = positions;
        return this;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void setTraining(boolean training) {
    }

    @Override
    public double lossAndGradients(TokenBatch batch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public double loss(TokenBatch batch) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
