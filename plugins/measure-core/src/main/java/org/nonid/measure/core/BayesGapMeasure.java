package org.nonid.measure.core;

import java.util.List;
import java.util.Map;
import org.nonid.api.language.BayesOptimal;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Format;
import org.nonid.api.measure.MetricInfo.Role;
import org.nonid.api.measure.MetricInfo.Summary;
import org.osgi.service.component.annotations.Component;

/**
 * The Bayes-optimal loss on the validation words and the model's distance to it. Defined where the
 * language's support is finite; elsewhere the measure yields nothing.
 */
@Component(service = Measure.class, property = "nonid.name=bayes-gap")
public final class BayesGapMeasure implements Measure {

    @Override
    public String name() {
        return "bayes-gap";
    }

    @Override
    public String description() {
        return "Bayes-optimal validation loss (finite supports) and the model's gap to it";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(
                new MetricInfo("val/bayes_loss", "the Bayes-optimal mean loss per position on the validation words")
                        .labelled("Bayes bound").shown(Summary.AT_BEST_VALIDATION).playing(Role.FIGURE_BOUND),
                new MetricInfo("val/bayes_gap", "validation loss minus the Bayes-optimal loss"),
                new MetricInfo("val/bayes_gap_relative", "that gap relative to the Bayes-optimal loss")
                        .labelled("gap").formatted(Format.SIGNED_PERCENT).shown(Summary.AT_BEST_VALIDATION));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        var validation = context.data().validation();
        var bound = BayesOptimal.meanLoss(context.language(), validation, context.includePadTargets());
        if (bound.isEmpty()) {
            return Map.of();
        }
        double loss = context.meanLoss(validation);
        return Map.of("val/bayes_loss", bound.get(), "val/bayes_gap", loss - bound.get(),
                "val/bayes_gap_relative", (loss - bound.get()) / bound.get());
    }
}
