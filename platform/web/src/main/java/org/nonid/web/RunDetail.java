package org.nonid.web;

import java.util.Collection;
import java.util.Map;

/** A run's page: its row, configuration and environment as recorded, note, whether it has a checkpoint, its metrics' descriptions. */
record RunDetail(RunRow run, Map<String, Object> config, Map<String, Object> environment, String note,
                 boolean checkpoint, Collection<MetricView> metrics) {
}
