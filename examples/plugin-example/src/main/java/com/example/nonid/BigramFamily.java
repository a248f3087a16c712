package com.example.nonid;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The model family plugin: a bigram model, the next token's logits a learned row per current token. */
@Component(service = ModelFamily.class, property = "nonid.name=" + BigramFamily.NAME)
public final class BigramFamily implements ModelFamily {
    static final String NAME = "bigram";

    private static final ConfigSchema HYPERPARAMETERS = ConfigSchema.builder()
            .number("initScale", 0.1, 0.0, 10.0, "the initial logits' standard deviation")
            .build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bigram: logits of the next token from the current token alone";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return HYPERPARAMETERS;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new BigramModel(context, hyperparameters);
    }
}
