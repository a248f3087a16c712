package org.nonid.reparam.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.Config;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.model.linear.LinearFamily;
import org.nonid.model.lstm.LstmFamily;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.nn.ParameterValues;
import org.nonid.nn.distribution.FunctionPreserving;
import org.nonid.nn.distribution.FunctionSnapshot;
import org.nonid.nn.optim.AdamW;

class ReparametrisationsTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private static final AnBnLanguage PLUGIN = new AnBnLanguage();
    private static final FormalLanguage ANBN = PLUGIN.create(PLUGIN.parameters().resolve("language", Map.of("maxLength", 16)));

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    static Model model(ModelFamily family, Map<String, Object> hyperparameters, long seed) {
        return family.create(new ModelContext(BACKEND, ANBN.vocabulary().size(), ANBN.sequenceLength() + 8, seed, ANBN),
                family.hyperparameters().resolve("model", hyperparameters));
    }

    static Model transformer(double eps, String positional) {
        return model(new TransformerFamily(), Map.of("dModel", 16, "heads", 2, "layers", 2, "feedForward", 32,
                "dropout", 0, "layerNormEps", eps, "positional", positional), 3);
    }

    /** Every word of the support and every prompt of length 6, as SOS-led sequences. */
    static List<int[]> sequences() {
        return FunctionSnapshot.wordsAndPrompts(ANBN.support().orElseThrow().stream().map(w -> w.word()).toList(),
                ANBN.prompts(6, new SplittableRandom(1)));
    }

    /** A few AdamW steps on aNbN, so the weights are trained rather than as initialised. */
    static void train(Model model) {
        List<int[]> words = ANBN.support().orElseThrow().stream().map(w -> w.word()).toList();
        TokenBatch batch = TokenBatch.ofWords(words, ANBN.sequenceLength(), true,
                1.0 / (words.size() * (ANBN.sequenceLength() - 1)));
        try (AdamW adam = new AdamW(BACKEND, model.parameters(), 0.9f, 0.999f, 1e-8f, 0f)) {
            for (int step = 0; step < 30; step++) {
                for (var p : model.parameters()) {
                    BACKEND.fill(p.gradient(), 0f);
                }
                model.setTraining(true);
                model.lossAndGradients(batch);
                adam.step(1e-2f);
            }
        }
    }

    static Config alpha(Reparametrisation r, double alpha) {
        return r.parameters().resolve("reparametrisation", Map.of("alpha", alpha));
    }

    @Test
    void everyRescalingKeepsTheFunctionOfATrainedAndOfARandomModel() {
        for (Reparametrisation r : List.of(new FfnRescale(), new QkRescale(), new LayerNormRescale())) {
            for (boolean trained : new boolean[] {false, true}) {
                for (double a : new double[] {0.1, 10, 100}) {
                    Model m = transformer(0.0, "learned");
                    if (trained) {
                        train(m);
                    }
                    double change = FunctionPreserving.apply(r, alpha(r, a), m, sequences());
                    assertTrue(change <= 1e-5, r.name() + " alpha " + a + ": " + change);
                }
            }
        }
        Model linear = model(new LinearFamily(), Map.of("embedding", 4), 2);
        train(linear);
        assertTrue(FunctionPreserving.apply(new EmbeddingRescale(), alpha(new EmbeddingRescale(), 100), linear,
                sequences()) <= 1e-5);
    }

    @Test
    void theRescaledTensorsScaleAsTheAlgebraSays() {
        Model m = transformer(0.0, "none");
        float[] w1 = ParameterValues.read(m, "layers.1.ff1.weight");
        float[] w2 = ParameterValues.read(m, "layers.1.ff2.weight");
        float[] qkv = ParameterValues.read(m, "layers.0.attention.qkv.weight");
        new FfnRescale().apply(m, alpha(new FfnRescale(), 10));
        new QkRescale().apply(m, alpha(new QkRescale(), 4));
        assertEquals(10 * w1[5], ParameterValues.read(m, "layers.1.ff1.weight")[5], 1e-5 * Math.abs(10 * w1[5]));
        assertEquals(w2[7] / 10, ParameterValues.read(m, "layers.1.ff2.weight")[7], 1e-6 * Math.abs(w2[7]));
        float[] after = ParameterValues.read(m, "layers.0.attention.qkv.weight");
        // row 2: query column 3 times 4, key column 16 + 3 divided by 4, value column 32 + 3 unchanged
        assertEquals(4 * qkv[2 * 48 + 3], after[2 * 48 + 3], 1e-6);
        assertEquals(qkv[2 * 48 + 19] / 4, after[2 * 48 + 19], 1e-6);
        assertEquals(qkv[2 * 48 + 35], after[2 * 48 + 35]);
    }

    @Test
    void aLayerNormWithEpsilonIsRefusedWithTheMeasuredChange() {
        Model m = transformer(6e-3, "none");
        train(m);
        var e = assertThrows(IllegalArgumentException.class, () -> FunctionPreserving.apply(new LayerNormRescale(),
                alpha(new LayerNormRescale(), 100), m, sequences()));
        assertTrue(e.getMessage().contains("changes the model's function: its log-probabilities moved by up to"),
                e.getMessage());
        var sinusoidal = assertThrows(IllegalArgumentException.class, () -> new LayerNormRescale().apply(
                transformer(0.0, "sinusoidal"), alpha(new LayerNormRescale(), 2)));
        assertTrue(sinusoidal.getMessage().contains("sinusoidal"), sinusoidal.getMessage());
    }

    @Test
    void otherFamiliesAreRefusedByName() {
        Model lstm = model(new LstmFamily(), Map.of("embedding", 4, "hidden", 8, "layers", 1, "dropout", 0), 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new FfnRescale().apply(lstm,
                alpha(new FfnRescale(), 2)));
        assertEquals("reparametrisation ffn-rescale applies to transformer models, not lstm", e.getMessage());
    }
}
