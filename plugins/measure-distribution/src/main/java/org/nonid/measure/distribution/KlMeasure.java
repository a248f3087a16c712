package org.nonid.measure.distribution;

import java.util.List;
import java.util.Map;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.nn.distribution.DataModel;
import org.nonid.nn.distribution.KlDivergence;
import org.nonid.nn.distribution.KlEstimate;
import org.osgi.service.component.annotations.Component;

/**
 * The exact divergence KL(data || model) of a language with a finite support: a sum over every word
 * of the support of its probability times the log-ratio, the model's probabilities by teacher-forced
 * passes. It is the model's loss on words (without PAD targets) minus the data's entropy, exactly.
 * Languages whose support is not finite get no metrics from it (the data's probabilities are unknown).
 */
@Component(service = Measure.class, property = "nonid.name=kl")
public final class KlMeasure implements Measure {

    @Override
    public String name() {
        return "kl";
    }

    @Override
    public String description() {
        return "exact KL(data || model) over the whole support (finite supports), nats per word and per token";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(
                new MetricInfo("data/kl", "KL(data || model), nats per word", MetricInfo.Direction.LOWER_IS_BETTER),
                new MetricInfo("data/kl_per_token", "KL(data || model) per token of the data (EOS included)",
                        MetricInfo.Direction.LOWER_IS_BETTER));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        FormalLanguage language = context.language();
        if (language.support().isEmpty()) {
            return Map.of();
        }
        DataModel data = DataModel.of(language, context.model().backend(), context.model().maxSequenceLength());
        KlEstimate kl = KlDivergence.between(data, context.model(), List.of(new int[0]), language.maxLength() + 1, 2, 1);
        return Map.of("data/kl", kl.perSequence(), "data/kl_per_token", kl.perToken());
    }
}
