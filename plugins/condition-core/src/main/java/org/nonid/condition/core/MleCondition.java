package org.nonid.condition.core;

import java.util.Optional;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.osgi.service.component.annotations.Component;

/** Maximum likelihood alone: the default condition, defined for every language. */
@Component(service = TrainingCondition.class, property = "nonid.name=mle")
public final class MleCondition implements TrainingCondition {

    @Override
    public String name() {
        return "mle";
    }

    @Override
    public String description() {
        return "maximum likelihood on the training data alone";
    }

    @Override
    public ConfigSchema parameters() {
        return ConfigSchema.empty();
    }

    @Override
    public Optional<AuxiliaryObjective> objective(FormalLanguage language, PromptSet prompts, Config parameters) {
        return Optional.empty();
    }
}
