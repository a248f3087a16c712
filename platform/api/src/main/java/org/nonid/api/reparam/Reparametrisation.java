package org.nonid.api.reparam;

import java.util.Set;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A reparametrisation plugin: changes a model's parameters so that, in exact arithmetic, it computes
 * the same function. The platform checks that it does (the largest change of any next-token
 * log-probability over the run's validation words and prompts) before the model is used, and refuses
 * it otherwise with the measured change. Registered as a service with the property
 * {@code nonid.name} equal to {@link #name()}.
 */
@ConsumerType
public interface Reparametrisation {

    /** The name users select it by, e.g. {@code ffn-rescale}. */
    String name();

    /** One line for listings. */
    String description();

    /** Its parameters (e.g. {@code alpha}) with defaults and bounds. */
    ConfigSchema parameters();

    /** The model families it applies to. */
    Set<String> families();

    /**
     * Rewrites the model's parameters in place.
     *
     * @param parameters resolved against {@link #parameters()}
     * @throws IllegalArgumentException if the model is not of a family it applies to, or its
     *                                  parameters are not shaped as expected, saying why
     */
    void apply(Model model, Config parameters);
}
