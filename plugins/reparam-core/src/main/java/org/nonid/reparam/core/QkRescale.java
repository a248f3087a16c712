package org.nonid.reparam.core;

import java.util.Set;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.nn.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * Attention scores are products of queries and keys: queries (weights and biases) times alpha and
 * keys divided by alpha leave every score, and so the function, unchanged.
 */
@Component(service = Reparametrisation.class, property = "nonid.name=qk-rescale")
public final class QkRescale extends Rescaling {

    public QkRescale() {
        super("qk-rescale", "per Transformer layer: W_q and b_q times alpha, W_k and b_k divided by alpha",
                Set.of("transformer"));
    }

    @Override
    void rescale(Model model, double alpha) {
        for (String layer : transformerLayers(model)) {
            int d = ParameterValues.get(model, layer + ".attention.qkv.weight").shape()[0];
            for (String tensor : new String[] {layer + ".attention.qkv.weight", layer + ".attention.qkv.bias"}) {
                ParameterValues.scaleColumns(model, tensor, 0, d, alpha);
                ParameterValues.scaleColumns(model, tensor, d, 2 * d, 1 / alpha);
            }
        }
    }
}
