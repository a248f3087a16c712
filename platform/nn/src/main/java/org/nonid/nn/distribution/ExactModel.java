package org.nonid.nn.distribution;

import java.util.Arrays;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * A model without parameters whose conditionals are written down: subclasses give the next-token
 * distribution after a word's symbols; this class frames it (PAD for certain after EOS or PAD),
 * scores batches in double precision and decodes. Nothing is trained, so its gradients are empty.
 */
public abstract class ExactModel implements Model, ExactPredictor {
    private final String family;
    private final Config hyperparameters;
    private final ComputeBackend backend;
    private final int vocabularySize;
    private final int maxSequenceLength;

    protected ExactModel(String family, Config hyperparameters, ComputeBackend backend, int vocabularySize,
                         int maxSequenceLength) {
        this.family = family;
        this.hyperparameters = hyperparameters;
        this.backend = backend;
        this.vocabularySize = vocabularySize;
        this.maxSequenceLength = maxSequenceLength;
    }

    /**
     * The next-token log-probabilities after {@code symbols[0..length)} (symbols only: the prefix
     * after SOS, before any EOS).
     */
    protected abstract double[] nextAfterSymbols(int[] symbols, int length);

    @Override
    public final double[] nextLogProbabilities(int[] prefix) {
        return next(prefix, prefix.length);
    }

    private double[] next(int[] prefix, int length) {
        if (length == 0 || prefix[0] != Vocabulary.SOS) {
            throw new IllegalArgumentException("a prefix starts with SOS");
        }
        for (int i = 1; i < length; i++) {
            if (prefix[i] == Vocabulary.EOS || prefix[i] == Vocabulary.PAD) {
                return LogProbabilities.certain(Vocabulary.PAD, vocabularySize);
            }
            if (prefix[i] == Vocabulary.SOS) {
                throw new IllegalArgumentException("SOS inside a prefix");
            }
        }
        int[] symbols = Arrays.copyOfRange(prefix, 1, length);
        return nextAfterSymbols(symbols, symbols.length);
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public Config hyperparameters() {
        return hyperparameters;
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public void setTraining(boolean training) {
        // nothing trains
    }

    @Override
    public double lossAndGradients(TokenBatch batch) {
        return loss(batch);
    }

    @Override
    public double loss(TokenBatch batch) {
        double total = 0;
        int[] prefix = new int[batch.length()];
        for (int b = 0; b < batch.batch(); b++) {
            int row = b * batch.length();
            for (int t = 0; t < batch.length(); t++) {
                prefix[t] = batch.inputs()[row + t];
                float w = batch.weights()[row + t];
                if (w != 0f) {
                    total -= w * next(prefix, t + 1)[batch.targets()[row + t]];
                }
            }
        }
        return total;
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new Decoder() {
            private final int[][] fed = new int[batchSize][capacity];
            private int position;

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public int position() {
                return position;
            }

            @Override
            public int capacity() {
                return capacity;
            }

            @Override
            public float[] step(int[] tokens) {
                if (position >= capacity) {
                    throw new IllegalStateException("decoder capacity " + capacity + " reached");
                }
                float[] out = new float[batchSize * vocabularySize];
                for (int i = 0; i < batchSize; i++) {
                    fed[i][position] = tokens[i];
                    double[] logp = next(fed[i], position + 1);
                    for (int v = 0; v < vocabularySize; v++) {
                        out[i * vocabularySize + v] = (float) logp[v];
                    }
                }
                position++;
                return out;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    @Override
    public void close() {
        // nothing to release
    }
}
