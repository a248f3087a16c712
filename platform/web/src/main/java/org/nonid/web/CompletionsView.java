package org.nonid.web;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Completion;
import org.nonid.api.run.LoadedRun;

/**
 * A run's greedy completions of its test prompts (the first {@code limit} of each split), each with
 * the language's rule checks on the whole word.
 */
record CompletionsView(List<RuleView> rules, List<Line> inDistribution, List<Line> outOfDistribution,
                       int inDistributionTotal, int outOfDistributionTotal) {

    record RuleView(String id, String summary) {
    }

    /** A prompt, its completion (symbols, EOS not written), whether it ended, and each rule's verdict. */
    record Line(String prompt, String completion, boolean finished, List<Boolean> rules, boolean grammatical) {
    }

    static CompletionsView of(LoadedRun run, int limit) {
        FormalLanguage language = run.language();
        List<int[]> in = run.prompts().inDistribution();
        List<int[]> ood = run.prompts().outOfDistribution();
        return new CompletionsView(language.rules().stream().map(r -> new RuleView(r.id(), r.summary())).toList(),
                lines(run, language, in.subList(0, Math.min(limit, in.size()))),
                lines(run, language, ood.subList(0, Math.min(limit, ood.size()))), in.size(), ood.size());
    }

    private static List<Line> lines(LoadedRun run, FormalLanguage language, List<int[]> prompts) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        Vocabulary v = language.vocabulary();
        List<Line> lines = new ArrayList<>();
        for (Completion c : run.complete(prompts)) {
            int[] whole = c.whole();
            List<Boolean> verdicts = new ArrayList<>();
            for (Rule rule : language.rules()) {
                verdicts.add(rule.test(whole));
            }
            lines.add(new Line(v.format(c.prompt()), v.format(c.completion()), c.finished(), verdicts,
                    language.isGrammatical(whole)));
        }
        return lines;
    }
}
