package org.nonid.shell;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
        // the estimates' keys are split/metric: a row per metric, a column per split of the prompts
        Map<String, Map<String, Estimate>> byMetric = new LinkedHashMap<>();
        for (Map.Entry<String, Estimate> e : levels(language, prompts, maxNewTokens).entrySet()) {
            int slash = e.getKey().indexOf('/');
            byMetric.computeIfAbsent(e.getKey().substring(slash + 1), k -> new HashMap<>())
                    .put(e.getKey().substring(0, slash), e.getValue());
        }
        Table table = new Table("metric", "ID", "OOD");
        byMetric.forEach((metric, splits) -> table.row(metric, cell(splits.get("id")), cell(splits.get("ood"))));
        return table.toString();
    }

    private static String cell(Estimate e) {
        return e == null ? "-" : String.format("%.3f ± %.3f", e.value(), e.error());
    }
}
