package org.nonid.api.run;

/** One value of a metric's history. */
public record MetricPoint(long step, String key, double value) {
}
