package com.example.nonid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nonid.api.language.FormalLanguage;
import org.nonid.testkit.KitMeasureContext;
import org.nonid.testkit.MeasureConformance;

class BExcessMeasureTest {
    private static FormalLanguage language() {
        AnB2nLanguage plugin = new AnB2nLanguage();
        return plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", 12)));
    }

    @TestFactory
    Stream<DynamicTest> theMeasureKitPasses() {
        return new MeasureConformance(new BExcessMeasure(), language()).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> c.body().run()));
    }

    @Test
    void theExcessIsTheMeanCountGapOverTheOodPrompts() {
        KitMeasureContext context = KitMeasureContext.trainedBigram(language(), 1);
        double expected = context.complete(context.prompts().outOfDistribution()).stream().mapToInt(c -> {
            int a = AnB2n.count(c.whole(), AnB2n.a());
            int b = AnB2n.count(c.whole(), AnB2n.b());
            return Math.abs(b - 2 * a);
        }).average().orElseThrow();
        assertEquals(expected, new BExcessMeasure().evaluate(context).get(BExcessMeasure.KEY), 1e-12);
    }

    @Test
    void withoutUnfinishedCompletionsThereIsNothingToAverage() {
        // the kit's bigram model never ends an aNb2N word (after a b, another b is likelier than EOS)
        KitMeasureContext context = KitMeasureContext.trainedBigram(language(), 1);
        BExcessMeasure plugin = new BExcessMeasure();
        var finishedOnly = plugin.with(plugin.parameters().resolve("measure.b-excess", Map.of("countUnfinished", false)));
        assertEquals(Map.of(), finishedOnly.evaluate(context));
        assertEquals(plugin.evaluate(context), plugin.with(plugin.parameters().defaults()).evaluate(context));
    }
}
