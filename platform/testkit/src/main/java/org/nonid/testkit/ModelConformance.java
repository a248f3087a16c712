package org.nonid.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * What every model family must satisfy, on a tiny instance: causality, a decoder that agrees with
 * the full forward pass, gradients that match finite differences, checkpoints that restore identical
 * outputs, and weights that follow the seed.
 */
public final class ModelConformance {
    private static final int VOCAB = 7;
    private static final int LENGTH = 7;
    private static final int MAX_LENGTH = 16;

    private final ModelFamily family;
    private final Map<String, ?> tiny;
    private final ComputeBackend backend;

    /**
     * @param tiny hyperparameters of a small instance, without dropout
     */
    public ModelConformance(ModelFamily family, Map<String, ?> tiny, ComputeBackend backend) {
        this.family = family;
        this.tiny = tiny;
        this.backend = backend;
    }

    /** On the cpu backend of the test class path (see {@link TestBackends#cpu()}). */
    public ModelConformance(ModelFamily family, Map<String, ?> tiny) {
        this(family, tiny, TestBackends.cpu());
    }

    /** All checks. */
    public List<NamedCheck> checks() {
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck(family.name() + " causality", this::causality));
        checks.add(new NamedCheck(family.name() + " decoder agrees with the forward pass", this::decoder));
        checks.add(new NamedCheck(family.name() + " gradients match finite differences", this::gradients));
        checks.add(new NamedCheck(family.name() + " checkpoint round trip", this::checkpoint));
        checks.add(new NamedCheck(family.name() + " weights follow the seed", this::seeds));
        return checks;
    }

    private Model model(long seed) {
        Config hp = family.hyperparameters().resolve("model", tiny);
        Model m = family.create(new ModelContext(backend, VOCAB, MAX_LENGTH, seed), hp);
        m.setTraining(false);
        return m;
    }

    /** Random symbols (never PAD, so models that mask PAD keys see every token). */
    private static int[] tokens(SplittableRandom r, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % LENGTH == 0 ? Vocabulary.SOS : Vocabulary.PAD + 1 + r.nextInt(VOCAB - Vocabulary.PAD - 1);
        }
        return t;
    }

    /** A batch of one sequence scored only at position {@code at}. */
    private static TokenBatch scoredAt(int[] inputs, int[] targets, int at) {
        float[] w = new float[inputs.length];
        w[at] = 1f;
        return new TokenBatch(1, inputs.length, inputs, targets, w);
    }

    private void causality() {
        try (Model m = model(1)) {
            SplittableRandom r = new SplittableRandom(3);
            int[] inputs = tokens(r, LENGTH);
            int[] targets = tokens(r, LENGTH);
            for (int t = 1; t < LENGTH; t++) {
                int[] changed = inputs.clone();
                changed[t] = inputs[t] == VOCAB - 1 ? Vocabulary.PAD + 1 : inputs[t] + 1;
                for (int s = 0; s < t; s++) {
                    double before = m.loss(scoredAt(inputs, targets, s));
                    double after = m.loss(scoredAt(changed, targets, s));
                    if (before != after) {
                        throw new AssertionError("output " + s + " changed when token " + t + " changed: " + before
                                + " vs " + after);
                    }
                }
                if (m.loss(scoredAt(inputs, targets, t)) == m.loss(scoredAt(changed, targets, t))) {
                    throw new AssertionError("output " + t + " does not see token " + t);
                }
            }
        }
    }

    private void decoder() {
        try (Model m = model(2)) {
            int[] inputs = tokens(new SplittableRandom(5), LENGTH);
            int batch = 2;
            try (Decoder d = m.decoder(batch, LENGTH)) {
                for (int s = 0; s < LENGTH; s++) {
                    int[] fed = new int[batch];
                    Arrays.fill(fed, inputs[s]);
                    float[] logProbs = d.step(fed);
                    for (int v = 0; v < VOCAB; v++) {
                        int[] targets = new int[LENGTH];
                        targets[s] = v;
                        double full = -m.loss(scoredAt(inputs, targets, s));
                        for (int b = 0; b < batch; b++) {
                            Compare.close("decoder position " + s + " token " + v, full, logProbs[b * VOCAB + v], 2e-5);
                        }
                    }
                }
            }
        }
    }

    private void gradients() {
        try (Model m = model(4)) {
            SplittableRandom r = new SplittableRandom(11);
            int batch = 2;
            int[] inputs = tokens(r, batch * LENGTH);
            int[] targets = tokens(r, batch * LENGTH);
            float[] weights = new float[batch * LENGTH];
            Arrays.fill(weights, 1f / weights.length);
            TokenBatch tb = new TokenBatch(batch, LENGTH, inputs, targets, weights);
            for (Parameter p : m.parameters()) {
                backend.fill(p.gradient(), 0f);
            }
            m.lossAndGradients(tb);
            for (Parameter p : m.parameters()) {
                float[] grad = backend.download(p.gradient());
                float[] value = backend.download(p.value());
                for (int k = 0; k < 4; k++) {
                    int i = r.nextInt(value.length);
                    double numeric = Double.NaN;
                    boolean agrees = false;
                    // A step that straddles a ReLU kink misleads finite differences; a wrong gradient fails at every step.
                    for (double h : new double[] {1e-2, 3e-3}) {
                        numeric = centralDifference(m, tb, p, value, i, h);
                        agrees |= Math.abs(numeric - grad[i]) <= 2e-3 + 2e-2 * Math.abs(numeric);
                    }
                    if (Double.isNaN(grad[i]) || !agrees) {
                        throw new AssertionError("d/d " + p.name() + "[" + i + "] is " + grad[i]
                                + ", finite differences give " + numeric);
                    }
                }
            }
        }
    }

    private double centralDifference(Model m, TokenBatch tb, Parameter p, float[] value, int i, double h) {
        float saved = value[i];
        value[i] = (float) (saved + h);
        backend.upload(value, p.value());
        double plus = m.loss(tb);
        value[i] = (float) (saved - h);
        backend.upload(value, p.value());
        double minus = m.loss(tb);
        value[i] = saved;
        backend.upload(value, p.value());
        return (plus - minus) / (2 * h);
    }

    private void checkpoint() {
        try (Model trained = model(7); Model fresh = model(8)) {
            SplittableRandom r = new SplittableRandom(1);
            int[] inputs = tokens(r, LENGTH);
            int[] targets = tokens(r, LENGTH);
            float[] w = new float[LENGTH];
            Arrays.fill(w, 1f);
            TokenBatch tb = new TokenBatch(1, LENGTH, inputs, targets, w);
            if (trained.loss(tb) == fresh.loss(tb)) {
                throw new AssertionError("two seeds gave the same model");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                Checkpoint.of(trained).write(bytes);
                Checkpoint.read(new ByteArrayInputStream(bytes.toByteArray())).restoreInto(fresh);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int s = 0; s < LENGTH; s++) {
                double a = trained.loss(scoredAt(inputs, targets, s));
                double b = fresh.loss(scoredAt(inputs, targets, s));
                if (a != b) {
                    throw new AssertionError("restored model differs at position " + s + ": " + a + " vs " + b);
                }
            }
        }
    }

    private void seeds() {
        try (Model a = model(9); Model b = model(9); Model c = model(10)) {
            boolean anyDiffers = false;
            for (int i = 0; i < a.parameters().size(); i++) {
                float[] va = backend.download(a.parameters().get(i).value());
                if (!Arrays.equals(va, backend.download(b.parameters().get(i).value()))) {
                    throw new AssertionError(a.parameters().get(i).name() + " differs for the same seed");
                }
                anyDiffers |= !Arrays.equals(va, backend.download(c.parameters().get(i).value()));
            }
            if (!anyDiffers) {
                throw new AssertionError("another seed gave the same weights");
            }
        }
    }
}
