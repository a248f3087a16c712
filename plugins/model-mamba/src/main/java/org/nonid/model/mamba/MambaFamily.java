package org.nonid.model.mamba;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code mamba} model family. */
@Component(service = ModelFamily.class, property = "nonid.name=mamba")
public final class MambaFamily implements ModelFamily {

    @Override
    public String name() {
        return "mamba";
    }

    @Override
    public String description() {
        return "Mamba selective state-space model (RMSNorm, gated causal convolution, selective scan, tied head)";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return MambaSettings.SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        return new MambaModel(context, hyperparameters);
    }
}
