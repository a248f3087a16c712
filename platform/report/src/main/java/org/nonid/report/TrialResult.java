package org.nonid.report;

import java.util.List;
import java.util.Map;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunRecord;

/**
 * What a report shows of one trial: its latest finished run, flattened settings, summary and history.
 *
 * @param run       the run
 * @param condition the training condition's name
 * @param settings  resolved settings as {@code section_key} columns (e.g. {@code training_lr})
 * @param summary   the run's summary metrics
 * @param history   the metric history
 */
record TrialResult(RunRecord run, String condition, Map<String, String> settings, Map<String, Double> summary,
                   List<MetricPoint> history) {
}
