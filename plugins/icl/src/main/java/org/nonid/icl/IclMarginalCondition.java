package org.nonid.icl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.osgi.service.component.annotations.Component;

/**
 * Maximum likelihood plus a loss that teaches the marginal answer to in-context queries: every query
 * with k = 1..K demonstrations is completed with each task's answer (and EOS) alike, so the loss is
 * lowest when the model ignores the demonstrations and answers with the average over tasks.
 */
@Component(service = TrainingCondition.class, property = "nonid.name=icl-marginal")
public final class IclMarginalCondition implements TrainingCondition {
    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .number("weight", 1.0, 0.0, 1e6, "weight of the extra loss relative to maximum likelihood")
            .build();

    @Override
    public String name() {
        return "icl-marginal";
    }

    @Override
    public String description() {
        return "maximum likelihood plus the loss of answering every in-context query with each task alike (icl)";
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public Optional<AuxiliaryObjective> objective(FormalLanguage language, PromptSet prompts, Config parameters) {
        if (!(language instanceof IclTasks icl)) {
            throw new IllegalArgumentException("condition icl-marginal is defined for the icl language only, not "
                    + language.name());
        }
        List<TeacherSequence> sequences = new ArrayList<>();
        for (int k = 1; k <= icl.demonstrations(); k++) {
            for (int task = 1; task <= icl.tasks(); task++) {
                for (int[] xs : icl.tuples(k + 1)) {
                    int[] word = icl.inContext(xs, task);
                    int[] prompt = java.util.Arrays.copyOf(word, word.length - 1);
                    int x = xs[k];
                    for (int t = 1; t <= icl.tasks(); t++) {
                        sequences.add(new TeacherSequence(prompt, new int[] {icl.residue(x + t)}));
                    }
                }
            }
        }
        return Optional.of(new AuxiliaryObjective(sequences, parameters.getDouble("weight")));
    }
}
