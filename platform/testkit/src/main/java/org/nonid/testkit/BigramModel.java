package org.nonid.testkit;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * The kit's tiny trained model: next-token probabilities from bigram counts over training words
 * (add-one smoothed over the symbols and EOS; after EOS or PAD it predicts PAD). It is trained by
 * counting, has no parameters and no backend, and computes its losses and logits on the host.
 */
final class BigramModel implements Model {
    private final int vocabulary;
    private final int maxLength;
    private final double[][] logProbability;

    BigramModel(int vocabulary, int maxSequenceLength, List<int[]> training) {
        this.vocabulary = vocabulary;
        this.maxLength = maxSequenceLength;
        double[][] counts = new double[vocabulary][vocabulary];
        for (double[] row : counts) {
            for (int t = 0; t < vocabulary; t++) {
                row[t] = t == Vocabulary.SOS || t == Vocabulary.PAD ? 0 : 1;
            }
        }
        for (int[] word : training) {
            int previous = Vocabulary.SOS;
            for (int symbol : word) {
                counts[previous][symbol]++;
                previous = symbol;
            }
            counts[previous][Vocabulary.EOS]++;
        }
        logProbability = new double[vocabulary][vocabulary];
        for (int from = 0; from < vocabulary; from++) {
            boolean ended = from == Vocabulary.EOS || from == Vocabulary.PAD;
            double total = 0;
            for (double c : counts[from]) {
                total += c;
            }
            for (int to = 0; to < vocabulary; to++) {
                double p = ended ? (to == Vocabulary.PAD ? 1 : 0) : counts[from][to] / total;
                logProbability[from][to] = Math.log(p);
            }
        }
    }

    @Override
    public String family() {
        return "kit-bigram";
    }

    @Override
    public Config hyperparameters() {
        return ConfigSchema.builder().build().defaults();
    }

    @Override
    public ComputeBackend backend() {
        throw new UnsupportedOperationException("the kit's bigram model computes on the host and has no backend");
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public int maxSequenceLength() {
        return maxLength;
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
        throw new UnsupportedOperationException("the kit's bigram model is trained by counting");
    }

    @Override
    public double loss(TokenBatch batch) {
        double loss = 0;
        for (int i = 0; i < batch.positions(); i++) {
            if (batch.weights()[i] != 0) {
                loss -= batch.weights()[i] * logProbability[batch.inputs()[i]][batch.targets()[i]];
            }
        }
        return loss;
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new Decoder() {
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
                    throw new IllegalStateException("decoder is full at " + capacity + " positions");
                }
                position++;
                float[] logits = new float[batchSize * vocabulary];
                for (int b = 0; b < batchSize; b++) {
                    for (int t = 0; t < vocabulary; t++) {
                        logits[b * vocabulary + t] = (float) Math.max(logProbability[tokens[b]][t], -1e30);
                    }
                }
                return logits;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
