package org.nonid.measure.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.testkit.KitMeasureContext;
import org.nonid.testkit.MeasureConformance;

/** The measure kit over this bundle's measures on the kit's trained bigram model, and the kit catching a bad measure. */
class MeasureConformanceTest {
    private static FormalLanguage anbn() {
        AnBnLanguage plugin = new AnBnLanguage();
        return plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", 16)));
    }

    @TestFactory
    Stream<DynamicTest> everyMeasureOfTheBundlePassesTheKit() {
        return Stream.of(new LossMeasure(), new BayesGapMeasure(), new RuleExtrapolationMeasure())
                .flatMap(m -> new MeasureConformance(m, anbn()).checks().stream())
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> c.body().run()));
    }

    @Test
    void theKitsBigramModelIsTrainedAndCompletesPrompts() {
        FormalLanguage language = anbn();
        KitMeasureContext context = KitMeasureContext.trainedBigram(language, 1);
        double trained = context.meanLoss(context.data().test());
        double uniform = Math.log(language.vocabulary().symbols().size() + 1);
        assertTrue(trained < 0.75 * uniform, "trained loss " + trained + " vs uniform " + uniform);
        var prompts = context.prompts().inDistribution();
        var completions = context.complete(prompts);
        assertEquals(prompts.size(), completions.size());
        for (var c : completions) {
            assertTrue(c.whole().length <= language.maxLength() + 1, "a completion overran the sequence");
            // after a b, b is more frequent than EOS in aNbN's training words: greedy never ends
            assertTrue(c.completion().length > 0 && !c.finished(), "greedy bigram completions go on with b");
        }
    }

    @Test
    void aMeasureReturningAnUndeclaredKeyFailsTheKit() {
        Measure sloppy = new Measure() {
            @Override
            public String name() {
                return "sloppy";
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public List<MetricInfo> metrics() {
                return List.of(new MetricInfo("val/declared", "declared"));
            }

            @Override
            public Map<String, Double> evaluate(MeasureContext context) {
                return Map.of("val/declared", 1.0, "val/other", 2.0);
            }
        };
        AssertionError e = assertThrows(AssertionError.class, () -> new MeasureConformance(sloppy, anbn()).checks().stream()
                .filter(c -> c.name().contains("only declared")).findFirst().orElseThrow().body().run());
        assertEquals("measure sloppy returned val/other, which it does not declare", e.getMessage());
    }
}
