package org.nonid.api.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecSettingsTest {

    @Test
    void settingsAreFlatInSectionOrderWithKeysSortedWithinEachSection() {
        RunSpec spec = new RunSpec("e", 3, "aNbN", Map.of("maxLength", 8), "transformer", Map.of("heads", 2, "dModel", 16),
                Map.of("steps", 40, "lr", 0.001), Map.of("every", 10), "oracle", Map.of("weight", 0.5),
                List.of("loss", "b-excess"), 7, "cpu", Map.of(), Map.of("b-excess", Map.of("countUnfinished", false)));
        assertEquals(List.of("language.name=aNbN", "language.maxLength=8", "model.family=transformer", "model.dModel=16",
                "model.heads=2", "training.lr=0.001", "training.steps=40", "evaluation.every=10", "condition.name=oracle",
                "condition.weight=0.5", "measures=loss,b-excess", "measure.b-excess.countUnfinished=false", "backend=cpu"),
                lines(spec.settings()));
    }

    @Test
    void meanAndSpreadLeaveOutRunsWithoutTheMetric() {
        MeanAndSpread s = MeanAndSpread.of(List.of(Map.of("k", 1.0), Map.of("k", 3.0), Map.of("k", Double.NaN), Map.of()), "k");
        assertEquals(new MeanAndSpread(2.0, Math.sqrt(2.0), 2), s);
        assertEquals(0, MeanAndSpread.of(List.of(Map.of()), "k").n());
    }

    private static List<String> lines(Map<String, String> settings) {
        List<String> out = new ArrayList<>();
        settings.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
