package org.nonid.measure.parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.nn.distribution.FunctionSnapshot;
import org.osgi.service.component.annotations.Component;

/**
 * How far the model's function has moved from the one training began with (for a fine-tuning run:
 * its parent's): the mean over every position of the validation words and the test prompts of
 * KL(start || now) between the next-token distributions. The starting parameters are put into the
 * model for a moment and the current ones back.
 */
@Component(service = Measure.class, property = "nonid.name=function-distance")
public final class FunctionDistanceMeasure implements Measure {

    @Override
    public String name() {
        return "function-distance";
    }

    @Override
    public String description() {
        return "mean per-position KL(start || now) of the next-token distributions on the validation words and prompts";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(new MetricInfo("val/kl_from_start", "mean per-position KL(function at the start || now), nats",
                MetricInfo.Direction.LOWER_IS_BETTER));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        if (context.initialParameters().isEmpty()) {
            return Map.of();
        }
        Model model = context.model();
        List<int[]> sequences = FunctionSnapshot.wordsAndPrompts(context.data().validation(), context.prompts());
        FunctionSnapshot now = FunctionSnapshot.of(model, sequences);
        List<Parameter> parameters = model.parameters();
        List<float[]> current = new ArrayList<>();
        List<float[]> start = context.initialParameters().get();
        for (int i = 0; i < parameters.size(); i++) {
            current.add(model.backend().download(parameters.get(i).value()));
            model.backend().upload(start.get(i), parameters.get(i).value());
        }
        try {
            return Map.of("val/kl_from_start", FunctionSnapshot.of(model, sequences).meanDivergence(now));
        } finally {
            for (int i = 0; i < parameters.size(); i++) {
                model.backend().upload(current.get(i), parameters.get(i).value());
            }
        }
    }
}
