package org.nonid.language.formal;

import java.util.function.Function;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;

/** A language service made of a name, a line of description, a parameter schema and a factory. */
public abstract class LanguagePlugin implements Language {
    private final String name;
    private final String description;
    private final ConfigSchema parameters;
    private final Function<Config, FormalLanguage> factory;

    LanguagePlugin(String name, String description, ConfigSchema parameters, Function<Config, FormalLanguage> factory) {
        this.name = name;
        this.description = description;
        this.parameters = parameters;
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final ConfigSchema parameters() {
        return parameters;
    }

    @Override
    public final FormalLanguage create(Config parameters) {
        return factory.apply(parameters);
    }
}
