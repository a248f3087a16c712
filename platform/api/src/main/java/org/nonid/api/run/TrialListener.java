package org.nonid.api.run;

import java.util.Map;

/**
 * What a client of {@link ExperimentService#runTrials} hears while trials run: each is called on the
 * thread that runs the trials, so a listener shows progress and returns at once.
 */
public interface TrialListener {
    /** Hears nothing. */
    TrialListener NONE = new TrialListener() {
    };

    /** A trial's run was recorded and starts. */
    default void started(int trial, RunHandle run) {
    }

    /** A trial was left out: another process runs it (or, when resuming, it has finished). */
    default void taken(int trial) {
    }

    /** A trial's run ended. */
    default void ended(int trial, RunHandle run, RunOutcome outcome) {
    }

    /** About every 100 ms while trials run: those running, by trial. */
    default void running(Map<Integer, RunHandle> runs) {
    }
}
