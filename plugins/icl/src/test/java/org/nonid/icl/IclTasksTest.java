package org.nonid.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;
import org.nonid.api.language.BayesOptimal;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.WeightedWord;

class IclTasksTest {
    static IclTasks tasks(Map<String, Object> given) {
        IclLanguage plugin = new IclLanguage();
        return (IclTasks) plugin.create(plugin.parameters().resolve("language", given));
    }

    private final IclTasks icl = tasks(Map.of());

    private int[] w(String text) {
        return icl.vocabulary().parse(text);
    }

    @Test
    void rulesAndMembershipOnHandMadeWords() {
        assertTrue(icl.isGrammatical(w("0 1 2 4 3 0")), "three pairs of tasks 1, 2, 2");
        assertFalse(icl.isGrammatical(w("0 0 2 4 3 0")), "0 -> 0 is no task (t = 1..4)");
        assertFalse(icl.isGrammatical(w("0 1 2 4")), "two pairs only");
        assertTrue(icl.isGrammatical(w("> 1 3 0 2 ? 4 1")), "task 2 throughout");
        assertTrue(icl.isGrammatical(w("> ? 4 1")), "no demonstration");
        assertFalse(icl.isGrammatical(w("> 1 3 0 3 ? 4 1")), "tasks 2 and 3");
        assertFalse(icl.isGrammatical(w("> 1 3 ? 4 1 2 4")), "a pair after the answer");
        assertFalse(icl.isGrammatical(w("> 1 3 1 3 1 3 1 3 1 3 ? 4 1")), "five demonstrations, K = 4");
        var r1 = icl.rules().get(0);
        var r2 = icl.rules().get(1);
        assertTrue(r1.test(w("> 1 3 0 3 ? 4 0")) && !r2.test(w("> 1 3 0 3 ? 4 0")));
        assertFalse(r1.test(w("> 1 3 ? 4 4")));
        assertTrue(r2.test(w("0 1 0 2 0 3")), "R2 speaks of in-context sequences only");
        assertFalse(icl.isGrammatical(w("1 3 0 2 ? 4 1")), "no in-context mark");
        assertFalse(icl.isGrammatical(w("0 1 > 2 4 3 0")), "a mark inside pairs");
    }

    @Test
    void theSupportIsADistributionOverTheLanguage() {
        List<WeightedWord> support = icl.support().orElseThrow();
        assertEquals(8000 + 4 * (5 + 25 + 125 + 625 + 3125), support.size());
        assertEquals(icl.supportSize(), support.size());
        double total = 0;
        double inContext = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (WeightedWord word : support) {
            assertTrue(icl.isGrammatical(word.word()), icl.vocabulary().format(word.word()));
            assertTrue(seen.add(java.util.Arrays.toString(word.word())), "each word once");
            total += word.probability();
            if (word.word()[0] == icl.vocabulary().id(">")) {
                inContext += word.probability();
            }
        }
        assertEquals(1.0, total, 1e-12);
        assertEquals(0.1, inContext, 1e-12);
    }

    @Test
    void samplesFollowTheProbabilities() {
        Map<String, Double> probability = new HashMap<>();
        for (WeightedWord word : icl.support().orElseThrow()) {
            probability.put(java.util.Arrays.toString(word.word()), word.probability());
        }
        SplittableRandom random = new SplittableRandom(5);
        int n = 40_000;
        int inContext = 0;
        int[] byK = new int[5];
        for (int i = 0; i < n; i++) {
            int[] word = icl.sample(random);
            assertTrue(probability.containsKey(java.util.Arrays.toString(word)));
            if (word[0] == icl.vocabulary().id(">")) {
                inContext++;
                byK[(word.length - 4) / 2]++;
            }
        }
        double se = Math.sqrt(0.1 * 0.9 / n);
        assertEquals(0.1, (double) inContext / n, 4 * se);
        for (int k = 0; k < 5; k++) {
            double p = 0.2;
            assertEquals(p, (double) byK[k] / inContext, 4 * Math.sqrt(p * (1 - p) / inContext), "k = " + k);
        }
    }

    @Test
    void theBayesBoundIsTheEntropyPerPosition() {
        List<WeightedWord> support = icl.support().orElseThrow();
        double entropy = 0;
        for (WeightedWord w : support) {
            entropy -= w.probability() * Math.log(w.probability());
        }
        // every word of the data, weighted by its probability: the Bayes-optimal loss is the entropy per position
        double expected = entropy / (icl.sequenceLength() - 1);
        double closedForm = 0.9 * (3 * Math.log(20) - Math.log(0.9)) + 0.1 * (-Math.log(0.1 / 5 / 4)
                + Math.log(5) * (0 + 1 + 2 + 3 + 4) / 5.0 + Math.log(5));
        assertEquals(closedForm, entropy, 1e-9);
        List<int[]> draws = icl.datasets(new SplittableRandom(3)).validation();
        double bound = BayesOptimal.meanLoss(icl, draws, true).orElseThrow();
        assertEquals(expected, bound, 0.05 * expected, "a sample's Bayes loss is near the entropy");
    }

    @Test
    void queriesAndPrompts() {
        assertEquals(4 * 5, icl.queries(0).size());
        assertEquals(4 * 25, icl.queries(1).size());
        assertEquals(500, icl.queries(3).size(), "capped at queryPrompts");
        for (int k = 0; k <= 4; k++) {
            for (IclTasks.Query q : icl.queries(k)) {
                int[] word = java.util.Arrays.copyOf(q.prompt(), q.prompt().length + 1);
                word[word.length - 1] = q.answer();
                assertTrue(icl.isGrammatical(word));
                assertEquals(2 * k + 3, q.prompt().length);
            }
        }
        PromptSet prompts = icl.prompts(icl.defaultPromptLength(), new SplittableRandom(1));
        assertEquals(7, prompts.length());
        assertEquals(128, prompts.inDistribution().size());
        assertEquals(128, prompts.outOfDistribution().size());
        var r1 = icl.rules().get(0);
        var r2 = icl.rules().get(1);
        for (int[] p : prompts.outOfDistribution()) {
            int[] withAnswer = java.util.Arrays.copyOf(p, p.length + 1);
            withAnswer[p.length] = icl.residue(icl.valueOf(p[p.length - 1]) + 1);
            assertFalse(r2.test(withAnswer), "OOD prompts break R2");
            assertTrue(r1.test(withAnswer));
        }
        assertThrows(IllegalArgumentException.class, () -> icl.prompts(6, new SplittableRandom(1)));
    }

    @Test
    void badParametersAreRefusedByName() {
        var e = assertThrows(ConfigException.class, () -> tasks(Map.of("tasks", 5)));
        assertTrue(e.getMessage().contains("tasks = 5 must be below modulus = 5"), e.getMessage());
        var big = assertThrows(ConfigException.class, () -> tasks(Map.of("pairs", 8)));
        assertTrue(big.getMessage().contains("support would hold"), big.getMessage());
    }
}
