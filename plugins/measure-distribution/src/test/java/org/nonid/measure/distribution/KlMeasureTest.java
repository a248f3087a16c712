package org.nonid.measure.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.language.formal.DyckLanguage;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.testkit.FixedMeasureContext;

class KlMeasureTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    static FormalLanguage language(Language plugin) {
        return plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", 16)));
    }

    static Model transformer(FormalLanguage language, long seed) {
        TransformerFamily family = new TransformerFamily();
        return family.create(new ModelContext(BACKEND, language.vocabulary().size(), language.sequenceLength(), seed,
                language), family.hyperparameters().resolve("model", Map.of("dModel", 16, "heads", 2, "layers", 1,
                "feedForward", 32, "dropout", 0)));
    }

    /** KL(data || model) = E_data[-log q(word)] - H(data): the model's cross-entropy through EOS, minus the entropy. */
    @Test
    void klIsTheCrossEntropyOfTheWordsMinusTheirEntropy() {
        FormalLanguage language = language(new AnBnLanguage());
        Model model = transformer(language, 3);
        List<WeightedWord> support = language.support().orElseThrow();
        int length = language.sequenceLength() - 1;
        int n = support.size() * length;
        int[] inputs = new int[n];
        int[] targets = new int[n];
        float[] weights = new float[n];
        double entropy = 0;
        long tokens = 0;
        for (int b = 0; b < support.size(); b++) {
            int[] word = support.get(b).word();
            double p = support.get(b).probability();
            entropy -= p * Math.log(p);
            tokens += word.length + 1;
            int[] seq = new int[length + 1];
            java.util.Arrays.fill(seq, Vocabulary.PAD);
            seq[0] = Vocabulary.SOS;
            System.arraycopy(word, 0, seq, 1, word.length);
            seq[word.length + 1] = Vocabulary.EOS;
            for (int t = 0; t < length; t++) {
                inputs[b * length + t] = seq[t];
                targets[b * length + t] = seq[t + 1];
                weights[b * length + t] = t <= word.length ? (float) p : 0f;
            }
        }
        double crossEntropy = model.loss(new TokenBatch(support.size(), length, inputs, targets, weights));
        Map<String, Double> metrics = new KlMeasure().evaluate(FixedMeasureContext.of(model, language));
        double expected = crossEntropy - entropy;
        assertTrue(expected > 1, "an untrained model is far from the data");
        assertEquals(expected, metrics.get("data/kl"), 1e-5 * expected);
        assertEquals(expected / ((double) tokens / support.size()), metrics.get("data/kl_per_token"), 1e-5 * expected);
    }

    @Test
    void languagesWithoutAFiniteSupportGetNoDivergence() {
        FormalLanguage dyck = language(new DyckLanguage());
        assertEquals(Map.of(), new KlMeasure().evaluate(FixedMeasureContext.of(transformer(dyck, 1), dyck)));
    }
}
