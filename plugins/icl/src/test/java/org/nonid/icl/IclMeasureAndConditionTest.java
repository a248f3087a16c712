package org.nonid.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.model.constructed.ConstructedFamily;
import org.nonid.nn.distribution.DataModel;
import org.nonid.nn.distribution.KlDivergence;
import org.nonid.testkit.FixedMeasureContext;

class IclMeasureAndConditionTest {
    private final IclTasks icl = IclTasksTest.tasks(Map.of("delta", 0.05));
    private final ModelFamily family = new ConstructedFamily();

    private Model constructed(String answers) {
        return family.create(new ModelContext(null, icl.vocabulary().size(), 40, 1, icl),
                family.hyperparameters().resolve("model", Map.of("icl", answers)));
    }

    private Map<String, Double> measure(Model model) {
        return new IclAccuracyMeasure().evaluate(FixedMeasureContext.of(model, icl));
    }

    /** A language that behaves like the given one but is another implementation. */
    static FormalLanguage lookalike(FormalLanguage inner) {
        return (FormalLanguage) java.lang.reflect.Proxy.newProxyInstance(FormalLanguage.class.getClassLoader(),
                new Class<?>[] {FormalLanguage.class}, (proxy, method, args) -> method.invoke(inner, args));
    }

    @Test
    void theBayesPredictorLearnsInContextAndTheMarginalOneDoesNot() {
        Map<String, Double> bayes = measure(constructed("bayes"));
        Map<String, Double> marginal = measure(constructed("marginal"));
        assertEquals(0.25, bayes.get("icl/accuracy_k0"), 1e-12, "the task is unknown: one answer in four");
        assertEquals(0.25, bayes.get("icl/probability_k0"), 1e-12);
        assertEquals(0.0, bayes.get("icl/kl_k0"), 1e-12);
        for (int k = 1; k <= 4; k++) {
            assertEquals(1.0, bayes.get("icl/accuracy_k" + k), 1e-12);
            assertEquals(1.0, bayes.get("icl/probability_k" + k), 1e-12);
            assertEquals(0.25, marginal.get("icl/probability_k" + k), 1e-12);
            assertEquals(Math.log(4), marginal.get("icl/kl_k" + k), 1e-12);
            double accuracy = marginal.get("icl/accuracy_k" + k);
            assertTrue(accuracy > 0.1 && accuracy < 0.4, "ties go to the lowest id: the right answer 1 time in 4, got "
                    + accuracy);
        }
        assertEquals(1.0, bayes.get("icl/accuracy"), 1e-12);
        assertEquals(0.05 * Math.log(4), marginal.get("icl/kl_bound"), 1e-12);
        assertEquals(0.0, bayes.get("icl/kl_bound"), 1e-12);
    }

    @Test
    void theExactDivergenceOfTheMarginalPredictorIsDeltaTimesItsCostOnQueriesWithDemonstrations() {
        for (double delta : new double[] {0.001, 0.01, 0.1}) {
            IclTasks language = IclTasksTest.tasks(Map.of("delta", delta));
            Model marginal = family.create(new ModelContext(null, language.vocabulary().size(), 40, 1, language),
                    family.hyperparameters().resolve("model", Map.of("icl", "marginal")));
            var kl = KlDivergence.between(DataModel.of(language, null, 40), marginal, List.of(new int[0]),
                    language.maxLength() + 1, 2, 1);
            assertTrue(kl.exact());
            // queries with k >= 1 demonstrations (4 of the 5 values of k) lose ln 4 each; P1's bound is delta ln 4
            assertEquals(delta * 4.0 / 5.0 * Math.log(4), kl.perSequence(), 1e-12);
            assertTrue(kl.perSequence() <= delta * Math.log(4) && kl.perSequence() <= delta * Math.log(5));
        }
    }

    @Test
    void otherLanguagesGetNoIclMetrics() {
        FormalLanguage other = lookalike(icl);
        assertEquals(Map.of(), new IclAccuracyMeasure().evaluate(FixedMeasureContext.of(constructed("bayes"), other)));
    }

    @Test
    void theMarginalConditionTeachesEveryTasksAnswerToEveryQuery() {
        AuxiliaryObjective objective = new IclMarginalCondition().objective(icl, icl.prompts(7, new SplittableRandom(1)),
                new IclMarginalCondition().parameters().defaults()).orElseThrow();
        assertEquals(1.0, objective.weight());
        assertEquals(4 * 4 * (25 + 125 + 625 + 3125), objective.sequences().size());
        Map<String, Set<Integer>> answers = new java.util.HashMap<>();
        for (TeacherSequence t : objective.sequences()) {
            assertEquals(1, t.completion().length);
            assertTrue(icl.taskOf(t.prompt()[t.prompt().length - 1], t.completion()[0]) > 0);
            answers.computeIfAbsent(java.util.Arrays.toString(t.prompt()), p -> new HashSet<>()).add(t.completion()[0]);
        }
        for (Set<Integer> each : answers.values()) {
            assertEquals(4, each.size());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new IclMarginalCondition().objective(
                lookalike(icl), icl.prompts(7, new SplittableRandom(1)),
                new IclMarginalCondition().parameters().defaults()));
        assertTrue(e.getMessage().contains("icl language only"), e.getMessage());
    }
}
