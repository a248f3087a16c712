package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.Reference;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.TrialListener;
import org.nonid.api.run.TrialOutcome;

class TrialSchedulerTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static ExperimentPlan plan(int trials) {
        List<RunSpec> runs = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            runs.add(new RunSpec("e", i, "aNbN", Map.of(), "linear", Map.of(), Map.of(), Map.of(), "mle", Map.of(),
                    List.of("loss"), i + 1, "cpu"));
        }
        return new ExperimentPlan("e", runs, "e.yaml", "", List.of(), Reference.NONE);
    }

    /** Runs each trial in the pool for a while; seed 2 fails, a seed in {@code cancelled} ends cancelled, seed 5 is taken. */
    private TrialScheduler scheduler(long millis, List<Long> cancelled) {
        return new TrialScheduler((spec, resuming) -> {
            if (spec.seed() == 5) {
                return Optional.empty();
            }
            ActiveRun run = new ActiveRun(100 + spec.trial(), spec);
            pool.execute(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                long end = System.currentTimeMillis() + millis;
                while (System.currentTimeMillis() < end && !run.cancelRequested()) {
                    Thread.onSpinWait();
                }
                running.decrementAndGet();
                RunStatus status = run.cancelRequested() || cancelled.contains(spec.seed()) ? RunStatus.CANCELLED
                        : spec.seed() == 2 ? RunStatus.FAILED : RunStatus.FINISHED;
                run.finish(new RunOutcome(run.runId(), status, status == RunStatus.FINISHED ? "" : "because",
                        Map.of("best/test/loss", (double) spec.seed())));
            });
            return Optional.of(run);
        });
    }

    @Test
    void runsTheTrialsJobsAtATimeAndReportsEachInTrialOrder() {
        List<String> heard = new ArrayList<>();
        ExperimentResult result = scheduler(50, List.of()).run(plan(6), List.of(0, 1, 2, 3, 4, 5), 2, false,
                new TrialListener() {
                    @Override
                    public void taken(int trial) {
                        heard.add("taken " + trial);
                    }

                    @Override
                    public void ended(int trial, RunHandle run, RunOutcome outcome) {
                        heard.add("ended " + trial);
                    }
                });
        assertEquals(2, mostAtOnce.get(), "two at a time");
        assertEquals(List.of(0, 1, 2, 3, 5), result.outcomes().stream().map(TrialOutcome::trial).toList());
        assertEquals(List.of(4), result.taken());
        assertTrue(heard.contains("taken 4") && heard.stream().filter(h -> h.startsWith("ended")).count() == 5, heard::toString);
        assertEquals(1, result.unfinished(), "the failed trial (seed 2); the taken one is not counted");
        assertEquals(1, result.seedGroups().size(), "the specs differ in their seed only: one group");
    }

    @Test
    void oneAtATimeACancelledTrialStopsTheRest() {
        ExperimentResult result = scheduler(5, List.of(2L)).run(plan(4), List.of(0, 1, 2, 3), 1, false, TrialListener.NONE);
        assertTrue(result.cancelled());
        assertEquals(List.of(0, 1), result.outcomes().stream().map(TrialOutcome::trial).toList());
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    void anInterruptCancelsTheRunningTrialsAndStartsNoMore() throws Exception {
        Thread caller = Thread.currentThread();
        pool.execute(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        ExperimentResult result = scheduler(60_000, List.of()).run(plan(6), List.of(0, 2, 3, 5), 2, false, TrialListener.NONE);
        assertTrue(Thread.interrupted(), "the caller stays interrupted");
        assertTrue(result.cancelled());
        assertEquals(List.of(0, 2), result.outcomes().stream().map(TrialOutcome::trial).toList());
        assertTrue(result.outcomes().stream().allMatch(o -> o.outcome().status() == RunStatus.CANCELLED));
    }

    @Test
    void badJobsOrTrialsAreRefusedBeforeAnythingStarts() {
        TrialScheduler scheduler = scheduler(5, List.of());
        ConfigException jobs = assertThrows(ConfigException.class,
                () -> scheduler.run(plan(2), List.of(0), 0, false, TrialListener.NONE));
        assertTrue(jobs.getMessage().contains("trials run at once (1 or more), not 0"), jobs.getMessage());
        ConfigException trial = assertThrows(ConfigException.class,
                () -> scheduler.run(plan(2), List.of(0, 2), 1, false, TrialListener.NONE));
        assertEquals("experiment e has trials 0..1, not 2", trial.getMessage());
        assertEquals(0, mostAtOnce.get());
    }
}
