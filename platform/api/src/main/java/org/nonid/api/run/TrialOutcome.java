package org.nonid.api.run;

/**
 * How one trial of an experiment ended.
 *
 * @param trial   the trial's index in its plan
 * @param spec    what it ran
 * @param outcome how its run ended
 */
public record TrialOutcome(int trial, RunSpec spec, RunOutcome outcome) {

    /** Whether its run finished (only finished runs enter means). */
    public boolean finished() {
        return outcome.status() == RunStatus.FINISHED;
    }
}
