package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Role;
import org.nonid.api.run.Reference;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;

class ModelComparisonTest {

    @Test
    void theComparedColumnsAreThoseTheMeasuresNameAtTheSummaryTheyName() {
        MeasureCatalog catalog = new MeasureCatalog(Map.of(
                "loss", List.of(new MetricInfo("test/loss", "loss").labelled("test loss").playing(Role.COMPARED_AT_BEST)),
                "rules", List.of(new MetricInfo("ood/rule_1_accuracy", "r1").labelled("OOD R1").playing(Role.COMPARED_EXTREME),
                        new MetricInfo("ood/other", "not compared"))));
        List<RunSpec> specs = List.of(spec("transformer"), spec("lstm"));
        List<RunOutcome> outcomes = List.of(
                new RunOutcome(1, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.5, "max/ood/rule_1_accuracy", 0.25,
                        "best/ood/rule_1_accuracy", 0.125, "min/test/loss", 0.1)),
                new RunOutcome(2, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.75, "max/ood/rule_1_accuracy", 1.0)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelComparison.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), SummariesTest.result(specs, outcomes),
                catalog);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.lines().anyMatch(l -> l.matches("MODEL +RUNS +PARAMS +TEST LOSS +OOD R1 +PAPER *")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("transformer +1/1 +- +0\\.5000±0\\.0000 +0\\.2500±0\\.0000 *")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("lstm +1/1 +- +0\\.7500±0\\.0000 +1\\.0000±0\\.0000 *")), table);
    }

    private static RunSpec spec(String model) {
        return new RunSpec("e", 0, "aNbN", Map.of(), model, Map.of(), Map.of(), Map.of(), "mle", Map.of(),
                List.of("loss", "rules"), 1, "cpu");
    }
}
