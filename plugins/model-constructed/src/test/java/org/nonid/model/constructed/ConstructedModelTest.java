package org.nonid.model.constructed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.BayesOptimal;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.language.formal.AnBnCnLanguage;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.language.formal.DyckLanguage;
import org.nonid.nn.distribution.DataModel;
import org.nonid.nn.distribution.ExactPredictor;
import org.nonid.nn.distribution.KlDivergence;
import org.nonid.nn.distribution.KlEstimate;

class ConstructedModelTest {
    private final ConstructedFamily family = new ConstructedFamily();

    static FormalLanguage language(Language plugin, int maxLength) {
        return plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", maxLength)));
    }

    Model constructed(FormalLanguage language, String ood) {
        return family.create(new ModelContext(null, language.vocabulary().size(), 2 * language.sequenceLength(), 1,
                language), family.hyperparameters().resolve("model", Map.of("ood", ood)));
    }

    /** Greedy completion through the decoder, as the engine completes prompts. */
    static int[] complete(Model model, int[] prompt, int maxNew) {
        var decoder = model.decoder(1, prompt.length + maxNew + 1);
        float[] logp = decoder.step(new int[] {Vocabulary.SOS});
        for (int s : prompt) {
            logp = decoder.step(new int[] {s});
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < maxNew; i++) {
            int best = 0;
            for (int v = 1; v < logp.length; v++) {
                if (logp[v] > logp[best]) {
                    best = v;
                }
            }
            if (best == Vocabulary.EOS) {
                return out.stream().mapToInt(Integer::intValue).toArray();
            }
            out.add(best);
            logp = decoder.step(new int[] {best});
        }
        throw new AssertionError("no EOS within " + maxNew + " tokens");
    }

    @Test
    void itIsTheDataDistributionOnTheSupport() {
        for (FormalLanguage language : List.of(language(new AnBnLanguage(), 32), language(new AnBnCnLanguage(), 30))) {
            DataModel data = DataModel.of(language, null, 2 * language.sequenceLength());
            for (String ood : List.of("extrapolate", "violate", "uniform", "eos")) {
                Model model = constructed(language, ood);
                KlEstimate kl = KlDivergence.between(data, model, List.of(new int[0]), language.maxLength() + 1, 2, 1);
                assertTrue(kl.exact());
                assertEquals(0, kl.perSequence(), 1e-9, language.name() + " ood=" + ood);
            }
        }
    }

    @Test
    void itsLossIsTheBayesBound() {
        FormalLanguage language = language(new AnBnLanguage(), 32);
        Model model = constructed(language, "violate");
        List<int[]> words = language.support().orElseThrow().stream().map(WeightedWord::word).toList();
        int n = words.size() * (language.sequenceLength() - 1);
        double mean = model.loss(TokenBatch.ofWords(words, language.sequenceLength(), true, 1.0)) / n;
        assertEquals(BayesOptimal.meanLoss(language, words, true).orElseThrow(), mean, 1e-12);
        assertEquals(Math.log(16) / 33, mean, 1e-12);
    }

    @Test
    void offTheSupportOneExtrapolatesTheRuleAndTheOtherBreaksIt() {
        FormalLanguage language = language(new AnBnLanguage(), 32);
        PromptSet prompts = language.prompts(8, new SplittableRandom(1));
        Model extrapolate = constructed(language, "extrapolate");
        Model violate = constructed(language, "violate");
        for (int[] prompt : prompts.outOfDistribution()) {
            int[] good = complete(extrapolate, prompt, 32);
            int[] bad = complete(violate, prompt, 32);
            assertTrue(language.rules().get(0).test(concat(prompt, good)), language.vocabulary().format(prompt));
            assertFalse(language.rules().get(0).test(concat(prompt, bad)), language.vocabulary().format(prompt));
        }
        for (int[] prompt : prompts.inDistribution()) {
            assertTrue(language.isGrammatical(concat(prompt, complete(violate, prompt, 32))));
        }
        // P1's oracle completion: |#a - #b| copies of the minority symbol
        assertEquals("a a a a", language.vocabulary().format(complete(extrapolate, language.vocabulary().parse("b b b b b a a b"), 32)));
    }

    @Test
    void theirConditionalsAfterTheOodPromptsDiffer() {
        FormalLanguage language = language(new AnBnLanguage(), 32);
        List<int[]> ood = language.prompts(8, new SplittableRandom(1)).outOfDistribution();
        KlEstimate joint = KlDivergence.between(constructed(language, "extrapolate"), constructed(language, "violate"),
                List.of(new int[0]), 33, 2, 1);
        assertEquals(0, joint.perSequence(), 1e-12);
        KlEstimate afterOod = KlDivergence.between(constructed(language, "extrapolate"), constructed(language, "uniform"),
                ood, 32, 2, 1);
        assertTrue(afterOod.exact());
        assertTrue(afterOod.perSequence() > 1 && Double.isFinite(afterOod.perSequence()), "" + afterOod);
        // uniform puts 1/3 on each of a, b and EOS: the deterministic completion of c tokens (EOS included) costs c ln 3
        assertEquals(Math.log(3) * afterOod.expectedTokens(), afterOod.perSequence(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, KlDivergence.between(constructed(language, "extrapolate"),
                constructed(language, "violate"), ood, 32, 2, 1).perSequence());
    }

    @Test
    void refusalsNameWhatIsMissing() {
        FormalLanguage dyck = language(new DyckLanguage(), 32);
        var notFinite = assertThrows(IllegalArgumentException.class, () -> constructed(dyck, "uniform"));
        assertTrue(notFinite.getMessage().contains("not finite"), notFinite.getMessage());
        FormalLanguage aNbN = language(new AnBnLanguage(), 32);
        var noQueries = assertThrows(IllegalArgumentException.class, () -> family.create(new ModelContext(null, 5, 40, 1,
                aNbN), family.hyperparameters().resolve("model", Map.of("icl", "marginal"))));
        assertTrue(noQueries.getMessage().contains("'?'"), noQueries.getMessage());
        var noLanguage = assertThrows(IllegalArgumentException.class, () -> family.create(new ModelContext(null, 5, 40, 1),
                family.hyperparameters().defaults()));
        assertTrue(noLanguage.getMessage().contains("language"), noLanguage.getMessage());
        assertTrue(OffSupport.r1IsEqualCounts(aNbN));
        assertFalse(OffSupport.r1IsEqualCounts(dyck));
    }

    @Test
    void itIsAnExactPredictor() {
        assertTrue(constructed(language(new AnBnLanguage(), 8), "eos") instanceof ExactPredictor);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
