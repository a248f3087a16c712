package org.nonid.api.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Vocabulary;

/**
 * Chance levels of the rule-extrapolation metrics: the values a model reaches that, after each
 * prompt, draws every next token uniformly from the symbols and EOS (the papers' chance model).
 * Estimated by seeded Monte Carlo; each value comes with its standard error.
 */
public final class ChanceLevels {
    private ChanceLevels() {
    }

    /**
     * One estimated metric.
     *
     * @param value the estimate
     * @param error its standard error
     */
    public record Estimate(double value, double error) {
    }

    /**
     * Estimates every rule-extrapolation metric for the ID and OOD prompts.
     *
     * @param samples      random completions per prompt
     * @param maxNewTokens the token limit of a completion
     */
    public static Map<String, Estimate> estimate(FormalLanguage language, PromptSet prompts, int samples,
                                                 int maxNewTokens, long seed) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        out.putAll(split("id", prompts.inDistribution(), language, samples, maxNewTokens, random));
        out.putAll(split("ood", prompts.outOfDistribution(), language, samples, maxNewTokens, random));
        return out;
    }

    private static Map<String, Estimate> split(String split, List<int[]> prompts, FormalLanguage language, int samples,
                                               int maxNewTokens, SplittableRandom random) {
        Map<String, Estimate> out = new LinkedHashMap<>();
        if (prompts.isEmpty()) {
            return out;
        }
        int symbols = language.vocabulary().symbols().size();
        List<Completion> completions = new ArrayList<>(prompts.size() * samples);
        for (int[] prompt : prompts) {
            for (int s = 0; s < samples; s++) {
                completions.add(randomCompletion(prompt, symbols, maxNewTokens, random));
            }
        }
        Map<String, Double> scores = RuleScores.score(split, completions, language);
        long finished = completions.stream().filter(Completion::finished).count();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            long n = e.getKey().endsWith("finished_accuracy") ? completions.size() : Math.max(1, finished);
            double p = e.getValue();
            out.put(e.getKey(), new Estimate(p, Math.sqrt(p * (1 - p) / n)));
        }
        return out;
    }

    /** Tokens drawn uniformly from the symbols and EOS until EOS or the limit. */
    private static Completion randomCompletion(int[] prompt, int symbols, int maxNewTokens, SplittableRandom random) {
        int[] generated = new int[maxNewTokens];
        int n = 0;
        while (n < maxNewTokens) {
            int choice = random.nextInt(symbols + 1);
            if (choice == symbols) {
                return new Completion(prompt, java.util.Arrays.copyOf(generated, n), true);
            }
            generated[n++] = Vocabulary.PAD + 1 + choice;
        }
        return new Completion(prompt, generated, false);
    }
}
