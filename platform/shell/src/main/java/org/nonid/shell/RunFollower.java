package org.nonid.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nonid.api.config.ConfigException;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.Progress;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;

/**
 * Shows a run's progress until it ends. On a terminal the line is rewritten in place; headless
 * (scripts, CI, cluster logs) it prints a whole line after a new evaluation (at most one every
 * two seconds) and at least every ten seconds. An interrupt (Ctrl-C) cancels the run.
 */
final class RunFollower {
    private static final double HEADLESS_EVERY_SECONDS = 10;
    private static final double HEADLESS_MIN_SECONDS = 2;

    private final PrintStream out;
    private final boolean headless;

    private final PluginCatalog catalog;

    RunFollower(PrintStream out, boolean headless, PluginCatalog catalog) {
        this.catalog = catalog;
        this.out = out;
        this.headless = headless;
    }

    /** Whether this process runs without a terminal (set by the launcher). */
    static boolean headless() {
        return Boolean.getBoolean("nonid.headless") || System.console() == null;
    }

    private long lastPrinted;
    private Progress lastShown;
    private int lastLength;

    /**
     * Shows the run's progress if it is due (on a terminal: always; headless: after a new evaluation
     * or after ten seconds), and closes the line when the run has ended.
     */
    void show(RunHandle handle, String label, Optional<RunOutcome> outcome) {
        Progress p = handle.progress();
        List<MetricInfo> followed = Formats.followed(catalog, handle.spec());
        if (headless) {
            boolean newEvaluation = lastShown == null || !p.lastEvaluation().equals(lastShown.lastEvaluation());
            long now = System.nanoTime();
            double since = (now - lastPrinted) / 1e9;
            if (outcome.isPresent() || (newEvaluation && since >= HEADLESS_MIN_SECONDS)
                    || since >= HEADLESS_EVERY_SECONDS) {
                if (!p.equals(lastShown)) {
                    out.println(Formats.progress(label, p, followed));
                }
                lastPrinted = now;
                lastShown = p;
            }
        } else {
            String line = Formats.progress(label, p, followed);
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            out.flush();
            if (outcome.isPresent()) {
                out.println();
            }
        }
    }

    /** Shows the run's progress until it ends; an interrupt cancels it. */
    RunOutcome follow(RunHandle handle, String label) {
        try {
            while (true) {
                Optional<RunOutcome> outcome = handle.await(headless ? 1000 : 300, TimeUnit.MILLISECONDS);
                show(handle, label, outcome);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
            }
        } catch (InterruptedException e) {
            handle.cancel();
            if (!headless) {
                out.println();
            }
            out.println("interrupted: cancelling run " + handle.runId());
            try {
                Optional<RunOutcome> outcome = handle.await(60, TimeUnit.SECONDS);
                if (outcome.isPresent()) {
                    return outcome.get();
                }
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            Thread.currentThread().interrupt();
            throw new ConfigException("run " + handle.runId() + " was asked to stop and is still stopping");
        }
    }
}
