package org.nonid.api.run;

import java.util.Map;

/**
 * Published numbers an experiment is compared with, per language and model (e.g. a paper's table).
 *
 * @param source where they come from, in words
 * @param metric the summary key they correspond to, e.g. {@code max/ood/rule_1_accuracy}
 * @param values language, then model family, to the value as published (e.g. {@code 0.657 ± 0.162})
 */
public record Reference(String source, String metric, Map<String, Map<String, String>> values) {
    /** No reference numbers. */
    public static final Reference NONE = new Reference("", "", Map.of());

    public Reference {
        values = Map.copyOf(values);
    }

    /** The published value for a language and model, or null. */
    public String value(String language, String model) {
        Map<String, String> byModel = values.get(language);
        return byModel == null ? null : byModel.get(model);
    }
}
