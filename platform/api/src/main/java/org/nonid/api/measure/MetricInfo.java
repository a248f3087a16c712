package org.nonid.api.measure;

/**
 * A metric a measure produces.
 *
 * @param key         {@code split/metric}, e.g. {@code ood/rule_1_accuracy}
 * @param description one line
 */
public record MetricInfo(String key, String description) {
}
