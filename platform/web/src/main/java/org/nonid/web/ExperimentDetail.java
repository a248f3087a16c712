package org.nonid.web;

import java.util.List;

/**
 * An experiment's page: its record and file, the columns its measures show, every run of it, the
 * ids of the latest finished run of each trial (those its report reads), and the address of its
 * report when one has been written.
 */
record ExperimentDetail(ExperimentRow experiment, String text, List<String> overrides, List<Column> columns,
                        List<RunRow> runs, List<Long> reported, String report) {

    /** A summary key with its label and format. */
    record Column(String key, String label, String format) {
    }
}
