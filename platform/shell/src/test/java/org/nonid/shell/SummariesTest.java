package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;

class SummariesTest {
    private static RunSpec spec(long seed) {
        return new RunSpec("e", (int) seed, "aNbN", Map.of(), "transformer", Map.of(), Map.of(), Map.of(), "mle",
                Map.of(), List.of("loss"), seed, "cpu");
    }

    @Test
    void theMeanIsOverFinishedRunsAndSaysHowMany() {
        List<RunOutcome> outcomes = List.of(
                new RunOutcome(1, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.10)),
                new RunOutcome(2, RunStatus.FINISHED, "", Map.of("best/test/loss", 0.20)),
                new RunOutcome(3, RunStatus.CANCELLED, "cancelled at step 5", Map.of("best/test/loss", 5.0)),
                new RunOutcome(4, RunStatus.FAILED, "NaN", Map.of("best/test/loss", 9.0)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summaries.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(spec(1), spec(2), spec(3), spec(4)),
                outcomes);
        String table = bytes.toString(StandardCharsets.UTF_8);
        String mean = table.lines().filter(l -> l.startsWith("mean±sd")).findFirst().orElseThrow();
        assertTrue(mean.contains("0.1500±0.0707"), "the cancelled and the failed run stay out: " + table);
        assertTrue(mean.contains("2 of 4 finished"), table);
    }
}
