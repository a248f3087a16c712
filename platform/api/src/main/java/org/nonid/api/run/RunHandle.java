package org.nonid.api.run;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;

/** A run started by the {@link ExperimentService}. */
@ProviderType
public interface RunHandle {

    /** Its id in the run store. */
    long runId();

    /** What it runs. */
    RunSpec spec();

    /** The latest progress snapshot. */
    Progress progress();

    /** Asks the run to stop at the next step; it ends as cancelled. */
    void cancel();

    /** Its outcome, once it has ended. */
    Optional<RunOutcome> outcome();

    /** Waits for the outcome, at most the given time; empty if it is still running then. */
    Optional<RunOutcome> await(long timeout, TimeUnit unit) throws InterruptedException;
}
