package org.nonid.api.run;

/** Where a run stands. */
public enum RunStatus {
    /** Training or evaluating now. */
    RUNNING,
    /** Ended normally (all steps, or early stopping). */
    FINISHED,
    /** Ended by an error, e.g. a NaN loss; the reason says which. */
    FAILED,
    /** Stopped by a user. */
    CANCELLED,
    /** Its process died while it ran (found so at the next start). */
    INTERRUPTED;

    /** The lower-case name used in listings and the store. */
    public String label() {
        return name().toLowerCase();
    }

    /** Parses a label written by {@link #label()}. */
    public static RunStatus ofLabel(String label) {
        return valueOf(label.toUpperCase());
    }

    /** Whether the run can no longer change. */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
