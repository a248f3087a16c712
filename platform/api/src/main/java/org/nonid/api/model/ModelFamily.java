package org.nonid.api.model;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model-family plugin: a typed hyperparameter schema and a factory of {@link Model}s.
 * Registered as a service with the property {@code nonid.name} equal to {@link #name()}.
 */
@ConsumerType
public interface ModelFamily {

    /** The name users select it by, e.g. {@code transformer}. */
    String name();

    /** One line for listings. */
    String description();

    /**
     * Hyperparameters with defaults, bounds and cross-key checks (e.g. heads dividing the width);
     * resolving against it rejects bad values before anything is allocated.
     */
    ConfigSchema hyperparameters();

    /** A new model with freshly initialised weights drawn from the context's seed. */
    Model create(ModelContext context, Config hyperparameters);
}
