package org.nonid.condition.core;

import java.util.Optional;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.osgi.service.component.annotations.Component;

/** P1's oracle condition: maximum likelihood plus the loss of completing each OOD prompt so that R1 holds (|#a - #b| minority symbols, then EOS). */
@Component(service = TrainingCondition.class, property = "nonid.name=oracle")
public final class OracleCondition implements TrainingCondition {

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public String description() {
        return "maximum likelihood plus the loss of completing each OOD prompt so that R1 holds (|#a - #b| minority symbols, then EOS)";
    }

    @Override
    public ConfigSchema parameters() {
        return MinorityCompletion.PARAMETERS;
    }

    @Override
    public Optional<AuxiliaryObjective> objective(FormalLanguage language, PromptSet prompts, Config parameters) {
        return Optional.of(MinorityCompletion.objective(name(), language, prompts, 0, parameters));
    }
}
