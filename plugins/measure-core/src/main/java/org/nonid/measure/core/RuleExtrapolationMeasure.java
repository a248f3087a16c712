package org.nonid.measure.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Rule;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
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
            metrics.add(new MetricInfo(split + "/finished_accuracy", "share of prompts whose completion has EOS"));
            metrics.add(new MetricInfo(split + "/rule_1_accuracy", "share of finished where prompt+completion satisfies R1"));
            metrics.add(new MetricInfo(split + "/rule_2_accuracy", "share of finished where prompt+completion satisfies R2"));
            metrics.add(new MetricInfo(split + "/rule_2_completion_accuracy", "share of finished whose completion alone satisfies R2"));
            metrics.add(new MetricInfo(split + "/grammatical_accuracy", "share of finished in the language"));
        }
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        Map<String, Double> out = new LinkedHashMap<>();
        score("id", context.complete(context.prompts().inDistribution()), context.language(), out);
        score("ood", context.complete(context.prompts().outOfDistribution()), context.language(), out);
        return out;
    }

    /** Adds the metrics of one split's completions to {@code out}. */
    static void score(String split, List<Completion> completions, FormalLanguage language, Map<String, Double> out) {
        if (completions.isEmpty()) {
            return;
        }
        List<Rule> rules = language.rules();
        int finished = 0;
        int grammatical = 0;
        int[] whole = new int[rules.size()];
        int[] completionOnly = new int[rules.size()];
        for (Completion c : completions) {
            if (!c.finished()) {
                continue;
            }
            finished++;
            int[] word = c.whole();
            for (int r = 0; r < rules.size(); r++) {
                if (rules.get(r).test(word)) {
                    whole[r]++;
                }
                if (rules.get(r).test(c.completion())) {
                    completionOnly[r]++;
                }
            }
            if (language.isGrammatical(word)) {
                grammatical++;
            }
        }
        out.put(split + "/finished_accuracy", (double) finished / completions.size());
        for (int r = 0; r < rules.size(); r++) {
            out.put(split + "/rule_" + (r + 1) + "_accuracy", share(whole[r], finished));
            if (r >= 1) {
                out.put(split + "/rule_" + (r + 1) + "_completion_accuracy", share(completionOnly[r], finished));
            }
        }
        out.put(split + "/grammatical_accuracy", share(grammatical, finished));
    }

    private static double share(int count, int finished) {
        return finished == 0 ? 0.0 : (double) count / finished;
    }
}
