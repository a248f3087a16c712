package org.nonid.engine.experiment;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nonid.api.run.Progress;
import org.nonid.api.run.RunEvents;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Posts a run's lifecycle on Event Admin when there is one ({@link RunEvents} names the topics). */
final class RunEventPoster {
    private final Supplier<EventAdmin> events;

    RunEventPoster(Supplier<EventAdmin> events) {
        this.events = events;
    }

    /** A poster that posts nothing (outside a framework). */
    static RunEventPoster none() {
        return new RunEventPoster(() -> null);
    }

    void started(long runId, RunSpec spec) {
        Map<String, Object> p = base(runId, spec);
        p.put(RunEvents.TRIAL, spec.trial());
        p.put(RunEvents.SEED, spec.seed());
        p.put(RunEvents.LANGUAGE, spec.language());
        p.put(RunEvents.MODEL, spec.model());
        post(RunEvents.STARTED, p);
    }

    void progress(RunSpec spec, Progress progress) {
        Map<String, Object> p = base(progress.runId(), spec);
        p.put(RunEvents.PHASE, progress.phase());
        p.put(RunEvents.STEP, progress.step());
        p.put(RunEvents.TOTAL_STEPS, progress.totalSteps());
        p.put(RunEvents.TRAIN_LOSS, progress.trainLoss());
        p.put(RunEvents.EVALUATION, progress.lastEvaluation());
        post(RunEvents.PROGRESS, p);
    }

    void ended(RunSpec spec, RunOutcome outcome) {
        Map<String, Object> p = base(outcome.runId(), spec);
        p.put(RunEvents.STATUS, outcome.status().label());
        p.put(RunEvents.REASON, outcome.reason());
        post(RunEvents.ENDED, p);
    }

    private static Map<String, Object> base(long runId, RunSpec spec) {
        Map<String, Object> p = new HashMap<>();
        p.put(RunEvents.RUN, runId);
        p.put(RunEvents.EXPERIMENT, spec.experiment());
        return p;
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = events.get();
        if (admin != null) {
            try {
                admin.postEvent(new Event(topic, properties));
            } catch (RuntimeException ignored) {
                // a listener's or the event service's trouble never fails a run
            }
        }
    }
}
