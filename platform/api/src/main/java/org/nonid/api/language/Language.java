package org.nonid.api.language;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A language plugin: a factory of {@link FormalLanguage}s from parameters. Registered as a service
 * with the property {@code nonid.name} equal to {@link #name()}.
 */
@ConsumerType
public interface Language {

    /** The name users select it by, e.g. {@code aNbN}. */
    String name();

    /** One line for listings. */
    String description();

    /** Its parameters (e.g. {@code maxLength}) with defaults. */
    ConfigSchema parameters();

    /** A language instance; the parameters were resolved against {@link #parameters()}. */
    FormalLanguage create(Config parameters);
}
