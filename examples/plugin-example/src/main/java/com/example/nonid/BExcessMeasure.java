package com.example.nonid;

import java.util.List;
import java.util.Map;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Direction;
import org.nonid.api.measure.MetricInfo.Summary;
import org.osgi.service.component.annotations.Component;

/**
 * How far completions of out-of-distribution prompts are from R1's count: the mean of
 * |#b − 2 #a| over prompt + completion. Declared lower-is-better, shown at the best validation
 * step and as its minimum over training: the platform's tables and report show it with no edit.
 * Its parameter {@code countUnfinished} (default true) says whether completions without EOS count;
 * a file sets it as {@code measures: [{name: b-excess, countUnfinished: false}]}.
 */
@Component(service = Measure.class, property = "nonid.name=" + BExcessMeasure.NAME)
public final class BExcessMeasure implements Measure {
    static final String NAME = "b-excess";
    static final String KEY = "ood/b_excess";
    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .flag("countUnfinished", true, "whether completions that emit no EOS count")
            .build();

    private final boolean countUnfinished;

    public BExcessMeasure() {
        this(true);
    }

    private BExcessMeasure(boolean countUnfinished) {
        this.countUnfinished = countUnfinished;
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public Measure with(Config parameters) {
        return new BExcessMeasure(parameters.getBoolean("countUnfinished"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mean |#b - 2 #a| of OOD prompt + completion (0: R1's count kept)";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(new MetricInfo(KEY, "mean |#b - 2 #a| over OOD prompt + completion", Direction.LOWER_IS_BETTER)
                .labelled("b excess").shown(Summary.AT_BEST_VALIDATION, Summary.EXTREME));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        List<int[]> prompts = context.prompts().outOfDistribution();
        if (prompts.isEmpty()) {
            return Map.of();
        }
        int a = context.language().vocabulary().id("a");
        int b = context.language().vocabulary().id("b");
        double total = 0;
        int counted = 0;
        for (Completion c : context.complete(prompts)) {
            if (c.finished() || countUnfinished) {
                int[] whole = c.whole();
                total += Math.abs(AnB2n.count(whole, b) - 2 * AnB2n.count(whole, a));
                counted++;
            }
        }
        return counted == 0 ? Map.of() : Map.of(KEY, total / counted);
    }
}
