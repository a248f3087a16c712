package org.nonid.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.RunRecord;

/** An experiment as a line of the experiments page: its record and how many of its runs have each status. */
record ExperimentRow(String name, String source, int trials, String created, int runs, Map<String, Integer> statuses) {

    static ExperimentRow of(ExperimentRecord e, List<RunRecord> all) {
        Map<String, Integer> statuses = new TreeMap<>();
        int runs = 0;
        for (RunRecord r : all) {
            if (r.experiment().equals(e.name())) {
                statuses.merge(r.status().label(), 1, Integer::sum);
                runs++;
            }
        }
        return new ExperimentRow(e.name(), e.source(), e.trials(), String.valueOf(e.createdAt()), runs, statuses);
    }
}
