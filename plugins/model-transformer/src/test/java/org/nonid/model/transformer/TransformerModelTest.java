package org.nonid.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigException;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;

class TransformerModelTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private static final int VOCAB = 6;
    private static final int LENGTH = 7;

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    private static Model model(String positional, long seed, double dropout) {
        TransformerFamily family = new TransformerFamily();
        Config hp = family.hyperparameters().resolve("model", Map.of("dModel", 8, "heads", 2, "layers", 2,
                "feedForward", 12, "dropout", dropout, "positional", positional));
        return family.create(new ModelContext(BACKEND, VOCAB, 16, seed), hp);
    }

    private static int[] randomTokens(SplittableRandom r, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(VOCAB);
        }
        return t;
    }

    /** A batch of one sequence scored only at position {@code at}. */
    private static TokenBatch scoredAt(int[] inputs, int[] targets, int at) {
        float[] w = new float[inputs.length];
        w[at] = 1f;
        return new TokenBatch(1, inputs.length, inputs, targets, w);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "sinusoidal", "learned"})
    void changingTokenTNeverChangesEarlierOutputs(String positional) {
        Model m = model(positional, 1, 0);
        m.setTraining(false);
        SplittableRandom r = new SplittableRandom(3);
        int[] inputs = randomTokens(r, LENGTH);
        int[] targets = randomTokens(r, LENGTH);
        for (int t = 1; t < LENGTH; t++) {
            int[] changed = inputs.clone();
            changed[t] = (inputs[t] + 1) % VOCAB;
            for (int s = 0; s < LENGTH; s++) {
                double before = m.loss(scoredAt(inputs, targets, s));
                double after = m.loss(scoredAt(changed, targets, s));
                if (s < t) {
                    assertEquals(before, after, 0.0, "output " + s + " changed with token " + t);
                }
            }
            assertNotEquals(m.loss(scoredAt(inputs, targets, t)), m.loss(scoredAt(changed, targets, t)),
                    "output " + t + " must see token " + t);
        }
        m.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "sinusoidal", "learned"})
    void theCachedDecoderAgreesWithTheFullForwardPass(String positional) {
        Model m = model(positional, 2, 0);
        m.setTraining(false);
        SplittableRandom r = new SplittableRandom(5);
        int[] inputs = randomTokens(r, LENGTH);
        inputs[0] = 0;
        for (int i = 0; i < LENGTH; i++) {
            if (inputs[i] == 2) {
                inputs[i] = 3; // decoding never feeds PAD inside a sequence; training masks PAD keys
            }
        }
        try (Decoder d = m.decoder(1, LENGTH)) {
            for (int s = 0; s < LENGTH; s++) {
                float[] logProbs = d.step(new int[] {inputs[s]});
                for (int v = 0; v < VOCAB; v++) {
                    int[] targets = new int[LENGTH];
                    targets[s] = v;
                    double full = -m.loss(scoredAt(inputs, targets, s));
                    assertEquals(full, logProbs[v], 2e-5, "position " + s + " token " + v);
                }
            }
        }
        m.close();
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Model m = model("learned", 4, 0);
        SplittableRandom r = new SplittableRandom(11);
        int batch = 2;
        int[] inputs = randomTokens(r, batch * LENGTH);
        int[] targets = randomTokens(r, batch * LENGTH);
        float[] weights = new float[batch * LENGTH];
        java.util.Arrays.fill(weights, 1f / weights.length);
        inputs[LENGTH - 1] = 2;
        TokenBatch tb = new TokenBatch(batch, LENGTH, inputs, targets, weights);
        for (Parameter p : m.parameters()) {
            BACKEND.fill(p.gradient(), 0f);
        }
        m.lossAndGradients(tb);
        int checked = 0;
        for (Parameter p : m.parameters()) {
            float[] grad = BACKEND.download(p.gradient());
            float[] value = BACKEND.download(p.value());
            for (int k = 0; k < 3; k++) {
                int i = r.nextInt(value.length);
                float saved = value[i];
                double h = 1e-2;
                value[i] = (float) (saved + h);
                BACKEND.upload(value, p.value());
                double plus = m.loss(tb);
                value[i] = (float) (saved - h);
                BACKEND.upload(value, p.value());
                double minus = m.loss(tb);
                value[i] = saved;
                BACKEND.upload(value, p.value());
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, grad[i], 2e-3 + 2e-2 * Math.abs(numeric), p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 40);
        m.close();
    }

    @Test
    void aSavedCheckpointRestoresIdenticalOutputs() throws Exception {
        Model trained = model("learned", 7, 0);
        Model fresh = model("learned", 8, 0);
        SplittableRandom r = new SplittableRandom(1);
        int[] inputs = randomTokens(r, LENGTH);
        int[] targets = randomTokens(r, LENGTH);
        float[] w = new float[LENGTH];
        java.util.Arrays.fill(w, 1f);
        TokenBatch tb = new TokenBatch(1, LENGTH, inputs, targets, w);
        assertNotEquals(trained.loss(tb), fresh.loss(tb));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checkpoint.of(trained).write(bytes);
        Checkpoint.read(new ByteArrayInputStream(bytes.toByteArray())).restoreInto(fresh);
        assertEquals(trained.loss(tb), fresh.loss(tb), 0.0);
        Model other = model("none", 7, 0);
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.read(new ByteArrayInputStream(bytes.toByteArray())).restoreInto(other),
                "a checkpoint with a learned positional table does not fit a model without one");
        trained.close();
        fresh.close();
        other.close();
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndClonedLayersStartEqual() {
        Model a = model("none", 9, 0.1);
        Model b = model("none", 9, 0.1);
        Model c = model("none", 10, 0.1);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(java.util.Arrays.toString(BACKEND.download(a.parameters().get(i).value())),
                    java.util.Arrays.toString(BACKEND.download(b.parameters().get(i).value())));
        }
        assertNotEquals(java.util.Arrays.toString(BACKEND.download(a.parameters().get(0).value())),
                java.util.Arrays.toString(BACKEND.download(c.parameters().get(0).value())));
        float[] layer0 = BACKEND.download(a.parameters().stream().filter(p -> p.name().equals("layers.0.ff1.weight"))
                .findFirst().orElseThrow().value());
        float[] layer1 = BACKEND.download(a.parameters().stream().filter(p -> p.name().equals("layers.1.ff1.weight"))
                .findFirst().orElseThrow().value());
        assertEquals(java.util.Arrays.toString(layer0), java.util.Arrays.toString(layer1));
        a.close();
        b.close();
        c.close();
    }

    @Test
    void badHyperparametersAreRefusedByName() {
        TransformerFamily family = new TransformerFamily();
        ConfigException heads = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("dModel", 10, "heads", 4)));
        assertEquals("model: heads = 4 does not divide dModel = 10", heads.getMessage());
        ConfigException positional = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("positional", "rotary")));
        assertEquals("model.positional = rotary: must be one of none, sinusoidal, learned", positional.getMessage());
        ConfigException dropout = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("dropout", 1.5)));
        assertEquals("model.dropout = 1.5: must be [0, 0.99]", dropout.getMessage());
    }
}
