package org.nonid.measure.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Role;
import org.nonid.api.measure.MetricInfo.Summary;
import org.nonid.api.measure.RuleScores;
import org.osgi.service.component.annotations.Component;

/**
 * Rule extrapolation on the run's test prompts, split into in-distribution ({@code id/...}) and
 * out-of-distribution ({@code ood/...}) prompts. {@code finished_accuracy} is the share of prompts
 * whose completion contains EOS; every other metric is a share of the finished completions (0 when
 * none finished): {@code rule_K_accuracy} checks rule K on prompt + completion,
 * {@code rule_K_completion_accuracy} (K >= 2) on the completion alone, {@code grammatical_accuracy}
 * membership in the language. OOD rule_1_accuracy is the rule-extrapolation accuracy.
 */
@Component(service = Measure.class, property = "nonid.name=rule-extrapolation")
public final class RuleExtrapolationMeasure implements Measure {

    @Override
    public String name() {
        return "rule-extrapolation";
    }

    @Override
    public String description() {
        return "completions of ID and OOD prompts: finished, each rule on prompt+completion and on the completion, grammatical";
    }

    @Override
    public List<MetricInfo> metrics() {
        List<MetricInfo> metrics = new ArrayList<>();
        for (String split : List.of("id", "ood")) {
            String upper = split.toUpperCase(Locale.ROOT);
            boolean ood = split.equals("ood");
            MetricInfo rule1 = new MetricInfo(split + "/rule_1_accuracy", "share of finished where prompt+completion satisfies R1")
                    .labelled(upper + " R1").playing(Role.COMPARED_EXTREME);
            // OOD R1 is rule extrapolation: shown at the best validation step and as its maximum over training,
            // followed while a run trains, and the axis of P1's figure
            metrics.add(ood ? rule1.shown(Summary.AT_BEST_VALIDATION, Summary.EXTREME)
                    .playing(Role.FOLLOWED, Role.LISTED, Role.FIGURE_EXTRAPOLATION) : rule1.shown(Summary.AT_BEST_VALIDATION));
            MetricInfo rule2 = new MetricInfo(split + "/rule_2_accuracy", "share of finished where prompt+completion satisfies R2")
                    .labelled(upper + " R2");
            metrics.add(ood ? rule2 : rule2.playing(Role.COMPARED_EXTREME));
            MetricInfo completion = new MetricInfo(split + "/rule_2_completion_accuracy",
                    "share of finished whose completion alone satisfies R2").labelled(upper + " R2 compl.");
            metrics.add(ood ? completion.playing(Role.COMPARED_EXTREME) : completion);
            metrics.add(new MetricInfo(split + "/grammatical_accuracy", "share of finished in the language")
                    .labelled(upper + " grammatical"));
            // the comparison of models calls the OOD share just "finished", as the papers' tables do
            MetricInfo finished = new MetricInfo(split + "/finished_accuracy", "share of prompts whose completion has EOS")
                    .labelled(ood ? "finished" : "ID finished");
            metrics.add(ood ? finished.playing(Role.COMPARED_EXTREME) : finished);
        }
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.putAll(RuleScores.score("id", context.complete(context.prompts().inDistribution()), context.language()));
        out.putAll(RuleScores.score("ood", context.complete(context.prompts().outOfDistribution()), context.language()));
        return out;
    }
}
