package org.nonid.reparam.core;

import java.util.Set;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.nn.ParameterValues;
import org.osgi.service.component.annotations.Component;

/**
 * A LayerNorm with eps = 0 ignores the scale of its input. The first layer's LayerNorm reads the
 * embedded input plus the attention block's output, so scaling the embeddings (and a learned
 * positional table) by alpha, dividing the query and key weights by alpha (the scores stay), and
 * multiplying the value and output biases by alpha scales that whole input by alpha. With eps > 0
 * the function changes, and the platform's check refuses it with the measured change.
 */
@Component(service = Reparametrisation.class, property = "nonid.name=layernorm-rescale")
public final class LayerNormRescale extends Rescaling {

    public LayerNormRescale() {
        super("layernorm-rescale", "what feeds the first Transformer LayerNorm times alpha (embeddings, value and"
                + " output biases; W_q and W_k divided by alpha): exact only for layerNormEps = 0",
                Set.of("transformer"));
    }

    @Override
    void rescale(Model model, double alpha) {
        if ("sinusoidal".equals(model.hyperparameters().asMap().get("positional"))) {
            throw new IllegalArgumentException("layernorm-rescale scales the embeddings, but a sinusoidal positional"
                    + " table is added to them unscaled: use positional none or learned");
        }
        String first = transformerLayers(model).get(0);
        ParameterValues.scale(model, "embedding.weight", alpha);
        if (ParameterValues.has(model, "positional.weight")) {
            ParameterValues.scale(model, "positional.weight", alpha);
        }
        String qkv = first + ".attention.qkv";
        int d = ParameterValues.get(model, qkv + ".weight").shape()[0];
        ParameterValues.scaleColumns(model, qkv + ".weight", 0, 2 * d, 1 / alpha);
        ParameterValues.scaleColumns(model, qkv + ".bias", 2 * d, 3 * d, alpha);
        ParameterValues.scale(model, first + ".attention.out.bias", alpha);
    }
}
