package org.nonid.api.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Rule;

/**
 * The rule-extrapolation metrics of a set of completions, as the papers define them:
 * {@code finished_accuracy} is the share of completions with EOS; every other metric is a share of
 * the finished ones (0 when none finished): {@code rule_K_accuracy} checks rule K on prompt plus
 * completion, {@code rule_K_completion_accuracy} (K >= 2) on the completion alone,
 * {@code grammatical_accuracy} membership in the language. Keys are prefixed with the split.
 */
public final class RuleScores {
    private RuleScores() {
    }

    /** The metrics of one split's completions; empty for no completions. */
    public static Map<String, Double> score(String split, List<Completion> completions, FormalLanguage language) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (completions.isEmpty()) {
            return out;
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
                if (r >= 1 && rules.get(r).test(c.completion())) {
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
        return out;
    }

    private static double share(int count, int finished) {
        return finished == 0 ? 0.0 : (double) count / finished;
    }
}
