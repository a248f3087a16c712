package org.nonid.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigException;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.testkit.ModelConformance;

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

    @TestFactory
    Stream<DynamicTest> conformsForEveryPositionalEncoding() {
        return Stream.of("none", "sinusoidal", "learned").flatMap(positional -> new ModelConformance(new TransformerFamily(),
                Map.of("dModel", 8, "heads", 2, "layers", 2, "feedForward", 12, "dropout", 0, "positional", positional),
                BACKEND).checks().stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + positional + ")", c.body()::run)));
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
