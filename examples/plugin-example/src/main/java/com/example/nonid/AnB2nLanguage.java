package com.example.nonid;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The language plugin: the service NonID finds by its {@code nonid.name}. */
@Component(service = Language.class, property = "nonid.name=" + AnB2nLanguage.NAME)
public final class AnB2nLanguage implements Language {
    static final String NAME = "aNb2N";

    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .integer("maxLength", 24, 3, 3000, "M, the longest word (aⁿb²ⁿ up to n = M/3)")
            .build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a^n b^2n: twice as many b's as a's (R1), a's before b's (R2)";
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public FormalLanguage create(Config parameters) {
        return new AnB2n(parameters.getInt("maxLength"));
    }
}
