package org.nonid.api.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What running trials of an experiment gave.
 *
 * @param plan      the experiment as planned
 * @param requested the trials asked for, in order
 * @param outcomes  the trials that ran, in trial order
 * @param taken     the trials left out because another process had them (or, resuming, they had finished)
 * @param cancelled whether running stopped early (an interrupt, or a trial cancelled while one ran at a time)
 */
public record ExperimentResult(ExperimentPlan plan, List<Integer> requested, List<TrialOutcome> outcomes,
                               List<Integer> taken, boolean cancelled) {
    public ExperimentResult {
        requested = List.copyOf(requested);
        outcomes = List.copyOf(outcomes);
        taken = List.copyOf(taken);
    }

    /** Trials asked for that did not finish here: failed, cancelled, interrupted or never started (taken ones aside). */
    public long unfinished() {
        return requested.size() - taken.size() - outcomes.stream().filter(TrialOutcome::finished).count();
    }

    /** Whether any trial ran on more than one language or model: then results compare models. */
    public boolean comparesModels() {
        return outcomes.stream().map(o -> o.spec().language()).distinct().count() > 1
                || outcomes.stream().map(o -> o.spec().model()).distinct().count() > 1;
    }

    /** The outcomes in groups of trials that differ in their seed only (a condition, a sweep point), in order. */
    public List<List<TrialOutcome>> seedGroups() {
        return groups(o -> {
            RunSpec s = o.spec();
            return new RunSpec(s.experiment(), 0, s.language(), s.languageParameters(), s.model(), s.modelParameters(),
                    s.training(), s.evaluation(), s.condition(), s.conditionParameters(), s.measures(), 0, s.backend(),
                    s.finetune(), s.measureParameters());
        });
    }

    /** The outcomes grouped by a key, groups in the order their first member ran. */
    public <K> List<List<TrialOutcome>> groups(Function<TrialOutcome, K> key) {
        Map<K, List<TrialOutcome>> groups = new LinkedHashMap<>();
        for (TrialOutcome o : outcomes) {
            groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
        }
        return List.copyOf(groups.values());
    }
}
