package org.nonid.shell;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.TrialListener;

/**
 * The lines an experiment's trials print while they run: one at a time, the run's live progress;
 * several at once, a line as each ends and a line per running trial every half minute.
 */
final class TrialLines implements TrialListener {
    private static final long STATUS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final PrintStream out;
    private final ExperimentPlan plan;
    private final boolean oneAtATime;
    private final boolean resuming;
    private final PluginCatalog catalog;
    private RunFollower follower;
    private long lastStatus = System.nanoTime();

    TrialLines(PrintStream out, ExperimentPlan plan, int jobs, boolean resuming, PluginCatalog catalog) {
        this.out = out;
        this.plan = plan;
        this.oneAtATime = jobs == 1;
        this.resuming = resuming;
        this.catalog = catalog;
    }

    @Override
    public void started(int trial, RunHandle run) {
        if (oneAtATime) {
            follower = new RunFollower(out, RunFollower.headless(), catalog);
        }
    }

    @Override
    public void taken(int trial) {
        out.println("[trial " + (trial + 1) + "/" + plan.runs().size() + "] left out: another process is running it"
                + (resuming ? " or it has finished" : ""));
    }

    @Override
    public void running(Map<Integer, RunHandle> runs) {
        if (oneAtATime) {
            runs.forEach((trial, run) -> follower.show(run, label(trial, run), Optional.empty()));
        } else if (System.nanoTime() - lastStatus > STATUS_EVERY_NANOS) {
            runs.forEach((trial, run) -> out.println(Formats.progress(label(trial, run), run.progress(),
                    Formats.followed(catalog, run.spec()))));
            lastStatus = System.nanoTime();
        }
    }

    @Override
    public void ended(int trial, RunHandle run, RunOutcome outcome) {
        String label = label(trial, run);
        if (oneAtATime) {
            follower.show(run, label, Optional.of(outcome));
        } else {
            out.println(Formats.progress(label, run.progress(), Formats.followed(catalog, run.spec())) + "  "
                    + outcome.status().label());
        }
        if (outcome.status() != RunStatus.FINISHED) {
            out.println(label + " " + outcome.status().label() + ": " + outcome.reason());
        }
    }

    /** {@code [trial 3/90 run 12 aNbN lstm mle seed 2]}: language and model shown when the plan varies them. */
    private String label(int trial, RunHandle run) {
        RunSpec spec = plan.runs().get(trial);
        boolean axes = plan.runs().stream().map(RunSpec::language).distinct().count() > 1
                || plan.runs().stream().map(RunSpec::model).distinct().count() > 1;
        return "[trial " + (trial + 1) + "/" + plan.runs().size() + (run == null ? "" : " run " + run.runId())
                + (axes ? " " + spec.language() + " " + spec.model() : "") + " " + spec.condition() + " seed " + spec.seed()
                + "]";
    }
}
