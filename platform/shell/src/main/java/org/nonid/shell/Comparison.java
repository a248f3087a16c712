package org.nonid.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;

/** Runs side by side: the settings that differ, then every summary metric. */
final class Comparison {
    private Comparison() {
    }

    static String table(List<RunRecord> runs, RunStore store, ExperimentService experiments) {
        String[] header = new String[runs.size() + 1];
        header[0] = "";
        for (int i = 0; i < runs.size(); i++) {
            header[i + 1] = "run " + runs.get(i).id();
        }
        Table table = new Table(header);
        List<Map<String, String>> settings = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (RunRecord r : runs) {
            Map<String, String> flat = Settings.flatten(r, experiments);
            settings.add(flat);
            keys.addAll(flat.keySet());
        }
        for (String key : keys) {
            Set<String> values = new LinkedHashSet<>();
            for (Map<String, String> s : settings) {
                values.add(s.getOrDefault(key, "-"));
            }
            if (values.size() > 1 || key.equals("seed") || key.equals("status")) {
                Object[] row = new Object[runs.size() + 1];
                row[0] = key;
                for (int i = 0; i < runs.size(); i++) {
                    row[i + 1] = settings.get(i).getOrDefault(key, "-");
                }
                table.row(row);
            }
        }
        List<Map<String, Double>> summaries = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (RunRecord r : runs) {
            Map<String, Double> s = new LinkedHashMap<>(store.summary(r.id()));
            summaries.add(s);
            metrics.addAll(s.keySet());
        }
        for (String metric : metrics) {
            Object[] row = new Object[runs.size() + 1];
            row[0] = metric;
            for (int i = 0; i < runs.size(); i++) {
                row[i + 1] = Table.number(summaries.get(i).get(metric));
            }
            table.row(row);
        }
        return table.toString();
    }
}
