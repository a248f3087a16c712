package org.nonid.measure.parameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.nn.ParameterValues;
import org.nonid.nn.optim.AdamW;
import org.nonid.reparam.core.FfnRescale;

class SharpnessTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private static final AnBnLanguage PLUGIN = new AnBnLanguage();
    private static final FormalLanguage ANBN = PLUGIN.create(PLUGIN.parameters().resolve("language", Map.of("maxLength", 8)));

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** A tiny Transformer trained near a minimum of the batch's loss (where the Hessian is nearly positive). */
    static Model tiny() {
        TransformerFamily family = new TransformerFamily();
        Model m = family.create(new ModelContext(BACKEND, ANBN.vocabulary().size(), ANBN.sequenceLength(), 5, ANBN),
                family.hyperparameters().resolve("model", Map.of("dModel", 4, "heads", 1, "layers", 1,
                        "feedForward", 6, "dropout", 0)));
        m.setTraining(false);
        try (AdamW adam = new AdamW(BACKEND, m.parameters(), 0.9f, 0.999f, 1e-8f, 0f)) {
            for (int step = 0; step < 300; step++) {
                for (Parameter p : m.parameters()) {
                    BACKEND.fill(p.gradient(), 0f);
                }
                m.lossAndGradients(batch());
                adam.step(1e-2f);
            }
        }
        return m;
    }

    static TokenBatch batch() {
        List<int[]> words = ANBN.support().orElseThrow().stream().map(w -> w.word()).toList();
        return TokenBatch.ofWords(words, ANBN.sequenceLength(), true, 1.0 / (words.size() * (ANBN.sequenceLength() - 1)));
    }

    /** Hessian diagonal entries by central differences along each coordinate, summed per tensor. */
    static Map<String, Double> exactTraceByTensor(Model model) {
        HessianProbe probe = new HessianProbe(model, batch());
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        int offset = 0;
        for (Parameter p : model.parameters()) {
            double sum = 0;
            for (int j = 0; j < p.size(); j++) {
                double[] e = new double[probe.dimension()];
                e[offset + j] = 1;
                sum += probe.times(e)[offset + j];
            }
            out.put(p.name(), sum);
            offset += p.size();
        }
        return out;
    }

    static double total(Map<String, Double> byTensor) {
        return byTensor.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Test
    void hutchinsonMatchesTheExactTraceWithinThreeStandardErrors() {
        Model model = tiny();
        double exact = total(exactTraceByTensor(model));
        double[] estimate = SharpnessMeasure.hutchinson(new HessianProbe(model, batch()), 1000, new SplittableRandom(3));
        assertTrue(estimate[1] > 0 && estimate[1] < 0.2 * Math.abs(exact), "precise enough: " + estimate[1] + " of " + exact);
        assertEquals(exact, estimate[0], 3 * estimate[1]);
    }

    @Test
    void theTraceScalesWithAlphaAsTheAlgebraSaysForTheRescaledTensors() {
        Model model = tiny();
        Map<String, Double> before = exactTraceByTensor(model);
        double alpha = 10;
        new FfnRescale().apply(model, new FfnRescale().parameters().resolve("r", Map.of("alpha", alpha)));
        float[] rescaled = ParameterValues.read(model, "layers.0.ff2.weight");
        Map<String, Double> after = exactTraceByTensor(model);
        org.junit.jupiter.api.Assertions.assertArrayEquals(rescaled, ParameterValues.read(model, "layers.0.ff2.weight"),
                "the probe puts the parameters back");
        double predicted = 0;
        for (Map.Entry<String, Double> e : before.entrySet()) {
            // theta' = alpha theta gives H' = H / alpha^2 on that tensor; theta' = theta / alpha gives alpha^2 H
            double factor = e.getKey().contains(".ff1.") ? 1 / (alpha * alpha)
                    : e.getKey().contains(".ff2.weight") ? alpha * alpha : 1;
            predicted += factor * e.getValue();
            assertEquals(factor * e.getValue(), after.get(e.getKey()), 0.02 * Math.abs(factor * e.getValue()) + 1e-6,
                    e.getKey());
        }
        assertEquals(predicted, total(after), 0.02 * Math.abs(predicted));
        assertTrue(Math.abs(total(after) - total(before)) > 0.1 * Math.abs(total(before)),
                "the same function, another sharpness: " + total(before) + " -> " + total(after));
    }
}
