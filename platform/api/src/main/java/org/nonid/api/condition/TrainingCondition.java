package org.nonid.api.condition;

import java.util.Optional;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A training condition plugin. Registered as a service with the property {@code nonid.name} equal to
 * {@link #name()}.
 */
@ConsumerType
public interface TrainingCondition {

    /** The name users select it by, e.g. {@code adversarial}. */
    String name();

    /** One line for listings. */
    String description();

    /** Its parameters (e.g. {@code weight}). */
    ConfigSchema parameters();

    /**
     * The objective added to maximum likelihood for a run; empty when the condition adds none.
     *
     * @param language   the run's language
     * @param prompts    the run's test prompts (P1's conditions are built from the OOD prompts)
     * @param parameters resolved against {@link #parameters()}
     * @throws IllegalArgumentException if the condition is not defined for this language, saying
     *                                  for which languages it is
     */
    Optional<AuxiliaryObjective> objective(FormalLanguage language, PromptSet prompts, Config parameters);
}
