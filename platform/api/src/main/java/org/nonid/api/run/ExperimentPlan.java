package org.nonid.api.run;

import java.util.List;

/**
 * An experiment expanded into its runs.
 *
 * @param name the experiment's name
 * @param runs one spec per trial, in trial order
 */
public record ExperimentPlan(String name, List<RunSpec> runs) {
    public ExperimentPlan {
        runs = List.copyOf(runs);
    }
}
