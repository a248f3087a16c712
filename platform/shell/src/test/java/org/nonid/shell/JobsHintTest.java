package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The line that tells a researcher running many trials one at a time about -j. */
class JobsHintTest {
    @Test
    void severalTrialsOneAtATimeOnSeveralCoresGetTheHint() {
        assertEquals(Optional.of("one trial at a time; -j 2 runs 2 at once, each on its own core, usually faster for"
                + " small models (same results)"), ExperimentCommands.hintJobs(90, 1, 2));
        assertTrue(ExperimentCommands.hintJobs(5, 1, 16).orElseThrow().startsWith("one trial at a time; -j 5 runs 5"),
                "never more jobs than trials");
    }

    @Test
    void noHintWhenItCannotHelp() {
        assertEquals(Optional.empty(), ExperimentCommands.hintJobs(90, 2, 2), "already several at once");
        assertEquals(Optional.empty(), ExperimentCommands.hintJobs(1, 1, 8), "one trial");
        assertEquals(Optional.empty(), ExperimentCommands.hintJobs(90, 1, 1), "one core");
    }
}
