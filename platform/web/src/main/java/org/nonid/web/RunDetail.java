package org.nonid.web;

import java.util.Collection;
import java.util.Map;

/**
 * A run's page: its row, settings ({@link org.nonid.api.run.RunSpec#settings}), environment as recorded,
 * note, whether it has a checkpoint, and its metrics' descriptions.
 */
record RunDetail(RunRow run, Map<String, String> settings, Map<String, Object> environment, String note,
                 boolean checkpoint, Collection<MetricView> metrics) {
}
