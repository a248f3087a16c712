package org.nonid.measure.core;

import java.util.List;
import java.util.Map;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Role;
import org.nonid.api.measure.MetricInfo.Summary;
import org.osgi.service.component.annotations.Component;

/** Test loss: mean cross-entropy per position over the test words (the validation loss is always recorded). */
@Component(service = Measure.class, property = "nonid.name=loss")
public final class LossMeasure implements Measure {

    @Override
    public String name() {
        return "loss";
    }

    @Override
    public String description() {
        return "test loss: mean cross-entropy per position over the test set (PAD targets as the run counts them)";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(new MetricInfo("test/loss", "mean cross-entropy per position over the test words")
                .labelled("test loss").shown(Summary.AT_BEST_VALIDATION)
                .playing(Role.LISTED, Role.COMPARED_AT_BEST, Role.FIGURE_LOSS));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        return Map.of("test/loss", context.meanLoss(context.data().test()));
    }
}
