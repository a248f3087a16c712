package org.nonid.engine.testing;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Decoder;
import org.nonid.nn.StepDecoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * A test double for the engine: a model with one parameter whose loss turns NaN after a given
 * number of training steps, and whose decoder always predicts the token {@code emit}.
 */
public final class FixedModelFamily implements ModelFamily {
    private static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("nanAfter", 1_000_000, 0, Integer.MAX_VALUE, "steps before the loss becomes NaN")
            .integer("emit", 1, 0, 100, "the token the decoder always predicts")
            .build();

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public String description() {
        return "test double";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hp) {
        ComputeBackend b = context.backend();
        Parameter p = new Parameter("w", b.zeros(1), b.zeros(1));
        int nanAfter = hp.getInt("nanAfter");
        int emit = hp.getInt("emit");
        return new Model() {
            private int steps;

            @Override
            public String family() {
                return "fixed";
            }

            @Override
            public Config hyperparameters() {
                return hp;
            }

            @Override
            public ComputeBackend backend() {
                return b;
            }

            @Override
            public int vocabularySize() {
                return context.vocabularySize();
            }

            @Override
            public int maxSequenceLength() {
                return Integer.MAX_VALUE;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(p);
            }

            @Override
            public void setTraining(boolean training) {
            }

            @Override
            public double lossAndGradients(TokenBatch batch) {
                return ++steps > nanAfter ? Double.NaN : 1.0;
            }

            @Override
            public double loss(TokenBatch batch) {
                return 1.0;
            }

            @Override
            public Decoder decoder(int batchSize, int capacity) {
                return new StepDecoder(batchSize, capacity) {
                    @Override
                    protected float[] advance(int[] tokens, int position) {
                        float[] logProbs = new float[batchSize * context.vocabularySize()];
                        java.util.Arrays.fill(logProbs, -10f);
                        for (int i = 0; i < batchSize; i++) {
                            logProbs[i * context.vocabularySize() + emit] = 0f;
                        }
                        return logProbs;
                    }

                    @Override
                    protected void release() {
                    }
                };
            }

            @Override
            public void close() {
                b.release(p.value());
                b.release(p.gradient());
            }
        };
    }
}
