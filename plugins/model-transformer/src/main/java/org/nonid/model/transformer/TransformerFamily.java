package org.nonid.model.transformer;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code transformer} model family. */
@Component(service = ModelFamily.class, property = "nonid.name=transformer")
public final class TransformerFamily implements ModelFamily {

    @Override
    public String name() {
        return "transformer";
    }

    @Override
    public String description() {
        return "causal post-LayerNorm Transformer (embedding*sqrt(d), ReLU feed-forward, linear head)";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return TransformerSettings.SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new TransformerModel(context, hyperparameters);
    }
}
