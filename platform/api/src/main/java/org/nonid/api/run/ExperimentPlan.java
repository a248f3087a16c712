package org.nonid.api.run;

import java.util.List;

/**
 * An experiment expanded into its runs (trials): languages x models x sweep points x conditions x
 * seeds, in that nesting order, so that trial indices are stable for the same file and overrides.
 *
 * @param name      the experiment's name
 * @param runs      one spec per trial, in trial order
 * @param source    where the spec came from (a file name)
 * @param text      the spec's text
 * @param overrides the dotted overrides applied to it
 * @param reference published numbers the experiment is compared with, or {@link Reference#NONE}
 */
public record ExperimentPlan(String name, List<RunSpec> runs, String source, String text, List<String> overrides,
                             Reference reference) {
    public ExperimentPlan {
        runs = List.copyOf(runs);
        overrides = List.copyOf(overrides);
    }

    /** A plan without reference numbers. */
    public ExperimentPlan(String name, List<RunSpec> runs, String source, String text, List<String> overrides) {
        this(name, runs, source, text, overrides, Reference.NONE);
    }
}
