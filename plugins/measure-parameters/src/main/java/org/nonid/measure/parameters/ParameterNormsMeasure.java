package org.nonid.measure.parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.model.Parameter;
import org.osgi.service.component.annotations.Component;

/**
 * The Euclidean norms of a model's parameters: in total, per layer (the parameters whose names
 * share their first two parts, e.g. {@code layers.0}) and per tensor; and the distance from the
 * parameters training began with (for a fine-tuning run, its parent's weights after any
 * reparametrisation).
 */
@Component(service = Measure.class, property = "nonid.name=parameter-norms")
public final class ParameterNormsMeasure implements Measure {

    @Override
    public String name() {
        return "parameter-norms";
    }

    @Override
    public String description() {
        return "parameter norms (total, per layer, per tensor) and the distance from the start of training";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(
                new MetricInfo("params/norm", "Euclidean norm of all parameters", MetricInfo.Direction.LOWER_IS_BETTER),
                new MetricInfo("params/distance_from_start", "Euclidean distance from the parameters training began with",
                        MetricInfo.Direction.LOWER_IS_BETTER),
                new MetricInfo("params/norm_layer_NAME, params/norm_tensor_NAME", "norms per layer and per tensor",
                        MetricInfo.Direction.LOWER_IS_BETTER));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> layers = new LinkedHashMap<>();
        Map<String, Double> tensors = new LinkedHashMap<>();
        List<Parameter> parameters = context.model().parameters();
        List<float[]> start = context.initialParameters().orElse(null);
        double total = 0;
        double distance = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            float[] v = context.model().backend().download(p.value());
            double squares = 0;
            for (int j = 0; j < v.length; j++) {
                squares += (double) v[j] * v[j];
                if (start != null) {
                    double d = (double) v[j] - start.get(i)[j];
                    distance += d * d;
                }
            }
            total += squares;
            tensors.put(p.name(), squares);
            layers.merge(layer(p.name()), squares, Double::sum);
        }
        out.put("params/norm", Math.sqrt(total));
        if (start != null) {
            out.put("params/distance_from_start", Math.sqrt(distance));
        }
        layers.forEach((name, squares) -> out.put("params/norm_layer_" + name, Math.sqrt(squares)));
        tensors.forEach((name, squares) -> out.put("params/norm_tensor_" + name, Math.sqrt(squares)));
        return out;
    }

    /** A tensor's layer: its name up to the second dot where the second part is a number, else its first part. */
    static String layer(String tensor) {
        String[] parts = tensor.split("\\.");
        if (parts.length >= 2 && parts[1].matches("\\d+")) {
            return parts[0] + "." + parts[1];
        }
        return parts[0];
    }
}
