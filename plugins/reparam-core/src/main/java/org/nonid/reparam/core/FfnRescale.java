package org.nonid.reparam.core;

import java.util.Set;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.nn.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * ReLU's positive homogeneity in every feed-forward block: {@code W2 relu(a (W1 x + b1)) / a} is
 * {@code W2 relu(W1 x + b1)} for a > 0. W1 and b1 are multiplied by alpha, W2 divided by it.
 */
@Component(service = Reparametrisation.class, property = "nonid.name=ffn-rescale")
public final class FfnRescale extends Rescaling {

    public FfnRescale() {
        super("ffn-rescale", "per Transformer layer: feed-forward W_in and b_in times alpha, W_out divided by alpha"
                + " (ReLU is positively homogeneous)", Set.of("transformer"));
    }

    @Override
    void rescale(Model model, double alpha) {
        for (String layer : transformerLayers(model)) {
            ParameterValues.scale(model, layer + ".ff1.weight", alpha);
            ParameterValues.scale(model, layer + ".ff1.bias", alpha);
            ParameterValues.scale(model, layer + ".ff2.weight", 1 / alpha);
        }
    }
}
