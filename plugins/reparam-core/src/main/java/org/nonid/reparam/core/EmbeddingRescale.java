package org.nonid.reparam.core;

import java.util.Set;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.nn.ParameterValues;
import org.osgi.service.component.annotations.Component;

/** The linear model's logits are bilinear in its embeddings and its weights: embeddings times alpha, weights divided by it. */
@Component(service = Reparametrisation.class, property = "nonid.name=embedding-rescale")
public final class EmbeddingRescale extends Rescaling {

    public EmbeddingRescale() {
        super("embedding-rescale", "linear model: token embeddings times alpha, position weights divided by alpha",
                Set.of("linear"));
    }

    @Override
    void rescale(Model model, double alpha) {
        ParameterValues.scale(model, "embedding.weight", alpha);
        ParameterValues.scale(model, "weight", 1 / alpha);
    }
}
