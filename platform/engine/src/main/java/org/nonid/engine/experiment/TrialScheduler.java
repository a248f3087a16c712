package org.nonid.engine.experiment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.TrialListener;
import org.nonid.api.run.TrialOutcome;

/**
 * Runs trials of a plan a few at a time: starts up to {@code jobs} runs, tells the listener as each
 * starts, is left out or ends, and starts the next. An interrupt cancels every running trial and
 * starts no more.
 */
final class TrialScheduler {
    private static final long POLL_MILLIS = 100;
    private static final long STOP_WAIT_SECONDS = 60;

    /** Starts a trial's spec, unless it is taken: {@code (spec, resuming) -> handle}. */
    private final BiFunction<RunSpec, Boolean, Optional<RunHandle>> start;

    TrialScheduler(BiFunction<RunSpec, Boolean, Optional<RunHandle>> start) {
        this.start = start;
    }

    ExperimentResult run(ExperimentPlan plan, List<Integer> trials, int jobs, boolean resuming, TrialListener listener) {
        if (jobs < 1) {
            throw new ConfigException("-j/--jobs is the number of trials run at once (1 or more), not " + jobs);
        }
        for (int t : trials) {
            if (t < 0 || t >= plan.runs().size()) {
                throw new ConfigException("experiment " + plan.name() + " has trials 0.." + (plan.runs().size() - 1)
                        + ", not " + t);
            }
        }
        Deque<Integer> waiting = new ArrayDeque<>(trials);
        Map<Integer, RunHandle> running = new LinkedHashMap<>();
        Map<Integer, TrialOutcome> done = new LinkedHashMap<>();
        List<Integer> taken = new ArrayList<>();
        boolean cancelled = false;
        try {
            while (!waiting.isEmpty() || !running.isEmpty()) {
                while (running.size() < jobs && !waiting.isEmpty() && !cancelled) {
                    int trial = waiting.poll();
                    Optional<RunHandle> handle = start.apply(plan.runs().get(trial), resuming);
                    if (handle.isPresent()) {
                        running.put(trial, handle.get());
                        listener.started(trial, handle.get());
                    } else {
                        taken.add(trial);
                        listener.taken(trial);
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                long each = Math.max(1, POLL_MILLIS / running.size());
                for (Map.Entry<Integer, RunHandle> e : new ArrayList<>(running.entrySet())) {
                    Optional<RunOutcome> outcome = e.getValue().await(each, TimeUnit.MILLISECONDS);
                    if (outcome.isPresent()) {
                        running.remove(e.getKey());
                        done.put(e.getKey(), new TrialOutcome(e.getKey(), plan.runs().get(e.getKey()), outcome.get()));
                        listener.ended(e.getKey(), e.getValue(), outcome.get());
                        if (jobs == 1 && outcome.get().status() == RunStatus.CANCELLED) {
                            cancelled = true;
                        }
                    }
                }
                if (!running.isEmpty()) {
                    listener.running(Map.copyOf(running));
                }
            }
        } catch (InterruptedException e) {
            cancelled = true;
            running.values().forEach(RunHandle::cancel);
            for (Map.Entry<Integer, RunHandle> r : running.entrySet()) {
                try {
                    Optional<RunOutcome> outcome = r.getValue().await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    if (outcome.isPresent()) {
                        done.put(r.getKey(), new TrialOutcome(r.getKey(), plan.runs().get(r.getKey()), outcome.get()));
                        listener.ended(r.getKey(), r.getValue(), outcome.get());
                    }
                } catch (InterruptedException again) {
                    break;
                }
            }
            Thread.currentThread().interrupt();
        }
        List<TrialOutcome> outcomes = new ArrayList<>();
        for (int trial : trials) {
            if (done.containsKey(trial)) {
                outcomes.add(done.get(trial));
            }
        }
        return new ExperimentResult(plan, trials, outcomes, taken, cancelled);
    }
}
