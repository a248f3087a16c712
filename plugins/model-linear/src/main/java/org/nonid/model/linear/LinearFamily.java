package org.nonid.model.linear;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code linear} model family. */
@Component(service = ModelFamily.class, property = "nonid.name=linear")
public final class LinearFamily implements ModelFamily {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public String description() {
        return "causal position-wise linear model: logits at t linear in the embeddings of tokens up to t";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return LinearSettings.SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new LinearModel(context, hyperparameters);
    }
}
