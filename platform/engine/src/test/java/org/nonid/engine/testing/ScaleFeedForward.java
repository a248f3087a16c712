package org.nonid.engine.testing;

import java.util.Set;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.nn.ParameterValues;

/**
 * A test reparametrisation: the first layer's feed-forward input map times {@code alpha} and its output
 * map divided by {@code outputAlpha} (equal values keep the function; others change it).
 */
public final class ScaleFeedForward implements Reparametrisation {
    @Override
    public String name() {
        return "scale-ff";
    }

    @Override
    public String description() {
        return "test";
    }

    @Override
    public ConfigSchema parameters() {
        return ConfigSchema.builder().number("alpha", 2.0, 1e-6, 1e6, "").number("outputAlpha", 2.0, 1e-6, 1e6, "").build();
    }

    @Override
    public Set<String> families() {
        return Set.of("transformer");
    }

    @Override
    public void apply(Model model, Config parameters) {
        ParameterValues.scale(model, "layers.0.ff1.weight", parameters.getDouble("alpha"));
        ParameterValues.scale(model, "layers.0.ff1.bias", parameters.getDouble("alpha"));
        ParameterValues.scale(model, "layers.0.ff2.weight", 1 / parameters.getDouble("outputAlpha"));
    }
}
