package org.nonid.engine.testing;

import java.util.List;
import java.util.Map;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;

/** A measure with a parameter: the test loss times {@code factor}. */
public final class ScaledLossMeasure implements Measure {
    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .number("factor", 1.0, 0.0, 100.0, "what the test loss is multiplied by")
            .build();
    private final double factor;

    public ScaledLossMeasure() {
        this(1.0);
    }

    private ScaledLossMeasure(double factor) {
        this.factor = factor;
    }

    @Override
    public String name() {
        return "scaled";
    }

    @Override
    public String description() {
        return "test loss times factor";
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public Measure with(Config parameters) {
        return new ScaledLossMeasure(parameters.getDouble("factor"));
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(new MetricInfo("test/scaled_loss", "test loss times factor"));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        return Map.of("test/scaled_loss", factor * context.meanLoss(context.data().test()));
    }
}
