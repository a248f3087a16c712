package org.nonid.shell;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;

/**
 * Runs trials a few at a time: starts up to {@code jobs} runs, prints one line as each ends (and a
 * line per running trial every half minute), and starts the next. An interrupt (Ctrl-C) cancels
 * every running trial and starts no more.
 */
final class ParallelTrials {
    private static final long STATUS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private ParallelTrials() {
    }

    /**
     * @param start starts trial i and returns its handle, or empty when the trial is taken elsewhere
     * @param label the label of a running trial
     * @return the outcomes by trial, in trial order, as far as they ran (taken trials have none)
     */
    static Map<Integer, RunOutcome> run(PrintStream out, List<Integer> trials, int jobs, PluginCatalog catalog,
                                        Function<Integer, Optional<RunHandle>> start, Function<RunHandle, String> label) {
        Deque<Integer> waiting = new ArrayDeque<>(trials);
        Map<Integer, RunHandle> running = new LinkedHashMap<>();
        Map<Integer, RunOutcome> done = new LinkedHashMap<>();
        long lastStatus = System.nanoTime();
        try {
            while (!waiting.isEmpty() || !running.isEmpty()) {
                while (running.size() < jobs && !waiting.isEmpty()) {
                    int trial = waiting.poll();
                    start.apply(trial).ifPresent(h -> running.put(trial, h));
                }
                for (Map.Entry<Integer, RunHandle> e : new ArrayList<>(running.entrySet())) {
                    Optional<RunOutcome> outcome = e.getValue().await(100, TimeUnit.MILLISECONDS);
                    if (outcome.isPresent()) {
                        out.println(Formats.progress(label.apply(e.getValue()), e.getValue().progress(), Formats.followed(catalog, e.getValue().spec())) + "  "
                                + outcome.get().status().label());
                        done.put(e.getKey(), outcome.get());
                        running.remove(e.getKey());
                    }
                }
                if (System.nanoTime() - lastStatus > STATUS_EVERY_NANOS) {
                    for (RunHandle h : running.values()) {
                        out.println(Formats.progress(label.apply(h), h.progress(), Formats.followed(catalog, h.spec())));
                    }
                    lastStatus = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            out.println("interrupted: cancelling runs " + running.values().stream().map(RunHandle::runId).toList());
            for (RunHandle h : running.values()) {
                h.cancel();
            }
            for (Map.Entry<Integer, RunHandle> e2 : running.entrySet()) {
                try {
                    e2.getValue().await(60, TimeUnit.SECONDS).ifPresent(o -> done.put(e2.getKey(), o));
                } catch (InterruptedException again) {
                    break;
                }
            }
            Thread.currentThread().interrupt();
        }
        Map<Integer, RunOutcome> outcomes = new LinkedHashMap<>();
        for (int trial : trials) {
            if (done.containsKey(trial)) {
                outcomes.put(trial, done.get(trial));
            }
        }
        return outcomes;
    }
}
