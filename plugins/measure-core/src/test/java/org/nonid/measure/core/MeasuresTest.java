package org.nonid.measure.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.BayesOptimal;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.model.Model;
import org.nonid.language.formal.AnBnLanguage;

class MeasuresTest {
    private static FormalLanguage anbn(int maxLength) {
        AnBnLanguage plugin = new AnBnLanguage();
        return plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", maxLength)));
    }

    private static int[] w(FormalLanguage l, String s) {
        return l.vocabulary().parse(s);
    }

    @Test
    void ruleMetricsCountOnlyFinishedCompletions() {
        FormalLanguage l = anbn(32);
        List<Completion> completions = List.of(
                new Completion(w(l, "a a b"), w(l, "b"), true),          // a a b b: R1, R2, grammatical
                new Completion(w(l, "b a"), w(l, ""), true),             // b a + nothing: R1 holds, R2 broken
                new Completion(w(l, "b a a"), w(l, "b b b"), true),      // b a a b b b: R1 broken (2a, 4b), completion R2 holds
                new Completion(w(l, "b b"), w(l, "a a"), true),          // b b a a: R1 holds, R2 broken, completion R2 holds
                new Completion(w(l, "a b"), w(l, "a a a a"), false));    // no EOS: not counted
        Map<String, Double> out = new LinkedHashMap<>();
        out.putAll(org.nonid.api.measure.RuleScores.score("ood", completions, l));
        assertEquals(4.0 / 5, out.get("ood/finished_accuracy"));
        assertEquals(3.0 / 4, out.get("ood/rule_1_accuracy"));
        assertEquals(1.0 / 4, out.get("ood/rule_2_accuracy"));
        assertEquals(4.0 / 4, out.get("ood/rule_2_completion_accuracy"), "b, empty, b b b and a a each satisfy R2");
        assertEquals(1.0 / 4, out.get("ood/grammatical_accuracy"));
    }

    @Test
    void noFinishedCompletionGivesZeroSharesNotNaN() {
        FormalLanguage l = anbn(32);
        Map<String, Double> out = new LinkedHashMap<>();
        out.putAll(org.nonid.api.measure.RuleScores.score("id", List.of(new Completion(w(l, "a"), w(l, "a a"), false)), l));
        assertEquals(0.0, out.get("id/finished_accuracy"));
        assertEquals(0.0, out.get("id/rule_1_accuracy"));
    }

    @Test
    void theBayesBoundIsLnNOverMPlusOne() {
        FormalLanguage small = anbn(32);
        List<int[]> all = small.datasets(new SplittableRandom(1)).validation();
        assertEquals(Math.log(16) / 33, BayesOptimal.meanLoss(small, all, true).orElseThrow(), 1e-12);
        assertEquals(0.0840, BayesOptimal.meanLoss(small, all, true).orElseThrow(), 5e-5);
        FormalLanguage paper = anbn(256);
        assertEquals(0.01888, BayesOptimal.meanLoss(paper, paper.datasets(new SplittableRandom(1)).validation(), true)
                .orElseThrow(), 5e-6);
        // without PAD targets: ln 16 * 16 words over sum(2n + 1) positions
        double positions = 0;
        for (int n = 1; n <= 16; n++) {
            positions += 2 * n + 1;
        }
        assertEquals(16 * Math.log(16) / positions, BayesOptimal.meanLoss(small, all, false).orElseThrow(), 1e-12);
    }

    @Test
    void theBayesGapMeasureComparesTheModelLossWithTheBound() {
        FormalLanguage l = anbn(32);
        Datasets data = l.datasets(new SplittableRandom(1));
        MeasureContext context = new MeasureContext() {
            public Model model() {
                return null;
            }

            public FormalLanguage language() {
                return l;
            }

            public Datasets data() {
                return data;
            }

            public PromptSet prompts() {
                return l.prompts(8, new SplittableRandom(1));
            }

            public long step() {
                return 0;
            }

            public double meanLoss(List<int[]> words) {
                return 0.0924;
            }

            public boolean includePadTargets() {
                return true;
            }

            public List<Completion> complete(List<int[]> prompts) {
                List<Completion> out = new ArrayList<>();
                for (int[] p : prompts) {
                    out.add(new Completion(p, new int[0], true));
                }
                return out;
            }
        };
        Map<String, Double> gap = new BayesGapMeasure().evaluate(context);
        double bound = Math.log(16) / 33;
        assertEquals(bound, gap.get("val/bayes_loss"), 1e-12);
        assertEquals(0.0924 - bound, gap.get("val/bayes_gap"), 1e-12);
        assertEquals((0.0924 - bound) / bound, gap.get("val/bayes_gap_relative"), 1e-12);
        assertEquals(0.0924, new LossMeasure().evaluate(context).get("test/loss"));
        Map<String, Double> rules = new RuleExtrapolationMeasure().evaluate(context);
        // empty completions: ID prompt a^4 b^4 is grammatical as is; OOD prompts never are
        assertEquals(1.0 / 5, rules.get("id/rule_1_accuracy"));
        assertEquals(0.0, rules.get("ood/grammatical_accuracy"));
        assertTrue(rules.get("ood/rule_1_accuracy") > 0, "OOD prompts such as a b b a satisfy R1 unchanged");
    }
}
