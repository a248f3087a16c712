package org.nonid.model.lstm;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code lstm} model family. */
@Component(service = ModelFamily.class, property = "nonid.name=lstm")
public final class LstmFamily implements ModelFamily {

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public String description() {
        return "stacked LSTM (embedding, LSTM layers, dropout, linear head)";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return LstmSettings.SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new LstmModel(context, hyperparameters);
    }
}
