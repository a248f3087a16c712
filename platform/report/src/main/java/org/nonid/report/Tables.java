package org.nonid.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.run.MetricPoint;

/** summary.csv, history.csv and summary.json. */
final class Tables {
    private Tables() {
    }

    static Path summaryCsv(List<TrialResult> trials, Path dir) throws IOException {
        Set<String> settings = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (TrialResult t : trials) {
            settings.addAll(t.settings().keySet());
            metrics.addAll(t.summary().keySet());
        }
        metrics.remove("last_step");
        List<String> header = new ArrayList<>(List.of("run_id", "experiment", "trial", "seed", "condition", "status"));
        header.addAll(settings);
        Set<String> columns = new LinkedHashSet<>(header);
        // min/val/loss and min_val_loss name the same number: one column
        metrics.removeIf(m -> !columns.add(Columns.summary(m)));
        for (String m : metrics) {
            header.add(Columns.summary(m));
        }
        header.add("steps");
        Path file = dir.resolve("summary.csv");
        try (Csv csv = new Csv(file)) {
            csv.row(header);
            for (TrialResult t : trials) {
                List<Object> row = new ArrayList<>(List.of(t.run().id(), t.run().experiment(), t.run().trial(), t.run().seed(),
                        t.condition(), t.run().status().label()));
                for (String s : settings) {
                    row.add(t.settings().get(s));
                }
                for (String m : metrics) {
                    row.add(t.summary().get(m));
                }
                row.add(t.run().lastStep());
                csv.row(row);
            }
        }
        return file;
    }

    static Path historyCsv(List<TrialResult> trials, Path dir) throws IOException {
        Path file = dir.resolve("history.csv");
        try (Csv csv = new Csv(file)) {
            csv.row(List.of("run_id", "trial", "condition", "seed", "step", "key", "value"));
            for (TrialResult t : trials) {
                for (MetricPoint p : t.history()) {
                    csv.row(List.of(t.run().id(), t.run().trial(), t.condition(), t.run().seed(), p.step(), p.key(), p.value()));
                }
            }
        }
        return file;
    }

    static Path summaryJson(String experiment, List<TrialResult> trials, Map<String, List<TrialResult>> groups,
            List<MetricInfo.Column> columns, Path dir)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", experiment);
        List<Object> runs = new ArrayList<>();
        for (TrialResult t : trials) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run_id", t.run().id());
            r.put("trial", t.run().trial());
            r.put("seed", t.run().seed());
            r.put("condition", t.condition());
            r.put("settings", t.settings());
            Map<String, Object> summary = new LinkedHashMap<>();
            t.summary().forEach((k, v) -> summary.put(Columns.summary(k), v));
            r.put("summary", summary);
            runs.add(r);
        }
        root.put("runs", runs);
        Map<String, Object> conditions = new LinkedHashMap<>();
        for (Map.Entry<String, List<TrialResult>> g : groups.entrySet()) {
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("runs", g.getValue().size());
            for (MetricInfo.Column c : columns) {
                double[] s = Groups.stats(g.getValue(), c.summaryKey());
                stats.put(Columns.summary(c.summaryKey()), Map.of("mean", s[0], "sd", s[1]));
            }
            conditions.put(g.getKey(), stats);
        }
        root.put("groups", conditions);
        Path file = dir.resolve("summary.json");
        Files.writeString(file, Json.write(root));
        return file;
    }
}
