package org.nonid.report;

/**
 * Column names of the report tables. Metric keys {@code split/metric} become {@code split_metric};
 * the value at the step of minimum validation loss keeps that name ({@code ood_rule_1_accuracy},
 * which the authors' tables call {@code ood_rule_1_accuracy4min_val_loss}) and the best value
 * over the history is prefixed {@code max_} (accuracies) or {@code min_} (losses).
 */
final class Columns {
    private Columns() {
    }

    static String metric(String key) {
        return key.replace('/', '_');
    }

    /** The column of a summary key, e.g. {@code best/ood/rule_1_accuracy} to {@code ood_rule_1_accuracy}. */
    static String summary(String key) {
        if (key.startsWith("best/")) {
            return metric(key.substring(5));
        }
        if (key.startsWith("max/") || key.startsWith("min/")) {
            return key.substring(0, 3) + "_" + metric(key.substring(4));
        }
        if (key.equals("best_step")) {
            return "min_val_loss_step";
        }
        return metric(key);
    }
}
