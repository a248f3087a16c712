package org.nonid.shell;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.ChanceLevels;
import org.nonid.api.measure.ChanceLevels.Estimate;

/** The chance levels of a language's rule metrics on its prompts: one row per metric, ID and OOD columns. */
final class ChanceTable {
    static final int SAMPLES_PER_PROMPT = 500;
    private static final long SEED = 1;

    private ChanceTable() {
    }

    /** Every metric's chance level on these prompts. */
    static Map<String, Estimate> levels(FormalLanguage language, PromptSet prompts, int maxNewTokens) {
        return ChanceLevels.estimate(language, prompts, SAMPLES_PER_PROMPT, maxNewTokens, SEED);
    }

    static String of(FormalLanguage language, PromptSet prompts, int maxNewTokens) {
        Map<String, Estimate> levels = levels(language, prompts, maxNewTokens);
        Set<String> metrics = new LinkedHashSet<>();
        for (String key : levels.keySet()) {
            metrics.add(key.substring(key.indexOf('/') + 1));
        }
        Table table = new Table("metric", "ID", "OOD");
        for (String metric : metrics) {
            table.row(metric, cell(levels.get("id/" + metric)), cell(levels.get("ood/" + metric)));
        }
        return table.toString();
    }

    private static String cell(Estimate e) {
        return e == null ? "-" : String.format("%.3f ± %.3f", e.value(), e.error());
    }
}
