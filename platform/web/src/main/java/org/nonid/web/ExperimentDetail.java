package org.nonid.web;

import java.util.List;
import java.util.Map;
import org.nonid.api.run.MeanAndSpread;

/**
 * An experiment's page: its record and file, the columns its measures show, every run of it, the
 * ids of the latest finished run of each trial (those its report reads), their groups, and the
 * address of its report when one has been written.
 */
record ExperimentDetail(ExperimentRow experiment, String text, List<String> overrides, List<Column> columns,
                        List<RunRow> runs, List<Long> reported, List<Group> groups, String report) {

    /**
     * Reported runs whose configurations differ in their seed only, with each column's mean and spread
     * over them (as the shell's closing table and the report compute them).
     */
    record Group(String label, List<Long> runs, Map<String, Stat> stats) {
    }

    /** A mean and sample standard deviation over n runs; null where no run has the metric. */
    record Stat(Double mean, Double sd, int n) {
        static Stat of(MeanAndSpread s) {
            return new Stat(WebJson.finite(s.mean()), WebJson.finite(s.sd()), s.n());
        }
    }

    /** A summary key with its label and format. */
    record Column(String key, String label, String format) {
    }
}
