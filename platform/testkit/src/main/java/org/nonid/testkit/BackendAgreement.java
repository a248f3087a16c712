package org.nonid.testkit;

import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.nn.optim.AdamW;

/**
 * The same model, seed and data trained with AdamW on two backends: their loss curves agree step
 * by step (relative tolerance 1e-3), the loss falls, and the trained models' next-token
 * log-probabilities agree (2e-3). A whole training run, so it catches what kernel checks alone miss
 * (state kept between steps, the optimiser, dropout masks, decoding caches).
 */
public final class BackendAgreement {
    private static final int STEPS = 30;
    private static final int VOCABULARY = 5;

    private BackendAgreement() {
    }

    /** Trains {@code family} with settings {@code model} on both backends and compares; throws AssertionError. */
    public static void trainsAlike(ModelFamily family, Map<String, ?> model, ComputeBackend reference,
                                   ComputeBackend other) {
        TokenBatch batch = batch();
        float[] referenceLogProbs = new float[2 * VOCABULARY];
        float[] otherLogProbs = new float[2 * VOCABULARY];
        double[] expected = train(family, model, reference, batch, referenceLogProbs);
        double[] actual = train(family, model, other, batch, otherLogProbs);
        for (int s = 0; s < STEPS; s++) {
            if (Math.abs(expected[s] - actual[s]) > 1e-3 * Math.max(1, Math.abs(expected[s]))) {
                throw new AssertionError("step " + s + ": loss " + actual[s] + " on " + other.name() + ", "
                        + expected[s] + " on " + reference.name());
            }
        }
        if (!(expected[STEPS - 1] < expected[0] - 0.2)) {
            throw new AssertionError("the loss did not fall: " + expected[0] + " -> " + expected[STEPS - 1]);
        }
        for (int i = 0; i < referenceLogProbs.length; i++) {
            if (Math.abs(referenceLogProbs[i] - otherLogProbs[i]) > 2e-3) {
                throw new AssertionError("log-probability " + i + ": " + otherLogProbs[i] + " on " + other.name()
                        + ", " + referenceLogProbs[i] + " on " + reference.name());
            }
        }
    }

    private static TokenBatch batch() {
        SplittableRandom r = new SplittableRandom(3);
        int sequences = 4;
        int length = 9;
        int[] inputs = new int[sequences * length];
        int[] targets = new int[sequences * length];
        float[] weights = new float[sequences * length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i % length == 0 ? 0 : 1 + r.nextInt(VOCABULARY - 1);
            targets[i] = 1 + r.nextInt(VOCABULARY - 1);
            weights[i] = 1f / inputs.length;
        }
        return new TokenBatch(sequences, length, inputs, targets, weights);
    }

    private static double[] train(ModelFamily family, Map<String, ?> settings, ComputeBackend backend, TokenBatch batch,
                                  float[] logProbsOut) {
        Config hp = family.hyperparameters().resolve("model", settings);
        double[] losses = new double[STEPS];
        try (Model model = family.create(new ModelContext(backend, VOCABULARY, 12, 42), hp);
             AdamW optimizer = new AdamW(backend, model.parameters(), 0.9f, 0.999f, 1e-8f, 0.01f)) {
            for (int s = 0; s < STEPS; s++) {
                for (Parameter p : model.parameters()) {
                    backend.fill(p.gradient(), 0f);
                }
                losses[s] = model.lossAndGradients(batch);
                optimizer.step(3e-3f);
            }
            model.setTraining(false);
            try (Decoder d = model.decoder(2, 4)) {
                d.step(new int[] {0, 0});
                float[] lp = d.step(new int[] {3, 4});
                System.arraycopy(lp, 0, logProbsOut, 0, lp.length);
            }
        }
        return losses;
    }
}
