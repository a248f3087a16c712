package org.nonid.model.xlstm;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code xlstm} model family. */
@Component(service = ModelFamily.class, property = "nonid.name=xlstm")
public final class XlstmFamily implements ModelFamily {

    @Override
    public String name() {
        return "xlstm";
    }

    @Override
    public String description() {
        return "xLSTM (residual mLSTM blocks with matrix memory, sLSTM blocks with recurrent heads and feed-forward)";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return XlstmSettings.SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new XlstmModel(context, hyperparameters);
    }
}
