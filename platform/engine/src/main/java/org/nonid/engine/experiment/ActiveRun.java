package org.nonid.engine.experiment;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nonid.api.run.Progress;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;

/** The handle of a run the service started. */
final class ActiveRun implements RunHandle {
    private final long runId;
    private final RunSpec spec;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Progress progress;
    private volatile boolean cancelRequested;
    private volatile RunOutcome outcome;

    ActiveRun(long runId, RunSpec spec) {
        this.runId = runId;
        this.spec = spec;
        this.progress = new Progress(runId, "queued", 0, 0, Double.NaN, 0, Double.NaN, Map.of());
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public RunSpec spec() {
        return spec;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    void progress(Progress p) {
        this.progress = p;
    }

    @Override
    public void cancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    @Override
    public Optional<RunOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    void finish(RunOutcome result) {
        this.outcome = result;
        done.countDown();
    }

    @Override
    public Optional<RunOutcome> await(long timeout, TimeUnit unit) throws InterruptedException {
        done.await(timeout, unit);
        return outcome();
    }
}
