package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Format;
import org.nonid.api.measure.MetricInfo.Summary;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.Reference;
import org.nonid.api.run.TrialOutcome;
import org.nonid.api.run.RunStatus;

class SummariesTest {
    private static final MeasureCatalog CATALOG = new MeasureCatalog(Map.of(
            "loss", List.of(new MetricInfo("test/loss", "loss").labelled("test loss").shown(Summary.AT_BEST_VALIDATION)),
            "b-ratio", List.of(new MetricInfo("ood/b_ratio", "b per a").labelled("b ratio")
                    .shown(Summary.AT_BEST_VALIDATION, Summary.EXTREME),
                    new MetricInfo("ood/b_gap_relative", "gap").labelled("b gap").formatted(Format.SIGNED_PERCENT)
                            .shown(Summary.AT_BEST_VALIDATION),
                    new MetricInfo("ood/unshown", "recorded, no column"))));

    private static RunSpec spec(long seed, String... measures) {
        return new RunSpec("e", (int) seed, "aNbN", Map.of(), "transformer", Map.of(), Map.of(), Map.of(), "mle",
                Map.of(), List.of(measures), seed, "cpu");
    }

    private static RunSpec spec(long seed) {
        return spec(seed, "loss");
    }

    @Test
    void theColumnsAreThoseTheRunsMeasuresDescribe() {
        List<RunOutcome> outcomes = List.of(new RunOutcome(1, RunStatus.FINISHED, "", Map.of("best/ood/b_ratio", 0.5,
                "max/ood/b_ratio", 0.75, "best/ood/b_gap_relative", 0.031, "best/ood/unshown", 7.0)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summaries.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), CATALOG,
                result(List.of(spec(1, "b-ratio")), outcomes).seedGroups());
        String table = bytes.toString(StandardCharsets.UTF_8);
        String header = table.lines().filter(l -> l.startsWith("RUN")).findFirst().orElseThrow();
        assertTrue(header.matches("RUN +CONDITION +STATUS +B RATIO +B RATIO \\(MAX\\) +B GAP *"), table);
        String row = table.lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow();
        assertTrue(row.matches("1 +mle +finished +0\\.5000 +0\\.7500 +\\+3\\.1% *"), table);
        assertFalse(table.contains("7.0000"), "a metric without columns has none: " + table);
    }

    @Test
    void theMeanIsOverFinishedRunsAndSaysHowMany() {
        List<RunOutcome> outcomes = List.of(
                new RunOutcome(1, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.10)),
                new RunOutcome(2, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.20)),
                new RunOutcome(3, RunStatus.CANCELLED, "cancelled at step 5", Map.of("best/test/loss", 5.0)),
                new RunOutcome(4, RunStatus.FAILED, "NaN", Map.of("best/test/loss", 9.0)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summaries.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), CATALOG,
                result(List.of(spec(1), spec(2), spec(3), spec(4)), outcomes).seedGroups());
        String table = bytes.toString(StandardCharsets.UTF_8);
        String mean = table.lines().filter(l -> l.startsWith("mean±sd")).findFirst().orElseThrow();
        assertTrue(mean.contains("0.1500±0.0707"), "the cancelled and the failed run stay out: " + table);
        assertTrue(mean.contains("2 of 4 finished"), table);
    }

    /** The trials as an experiment's result, in order. */
    static ExperimentResult result(List<RunSpec> specs, List<RunOutcome> outcomes) {
        List<TrialOutcome> trials = new java.util.ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            trials.add(new TrialOutcome(i, specs.get(i), outcomes.get(i)));
        }
        return new ExperimentResult(new ExperimentPlan("e", specs, "e.yaml", "", List.of(), Reference.NONE),
                java.util.stream.IntStream.range(0, specs.size()).boxed().toList(), trials, List.of(), false);
    }
}
