package org.nonid.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.yaml.snakeyaml.Yaml;

/**
 * Everything the store holds of one run, as exports write it: its record, its configuration as flat
 * {@code section.key} parameters, history, summary, tags, note and best checkpoint.
 */
record ExportedRun(RunRecord run, Map<String, String> parameters, List<MetricPoint> history, Map<String, Double> summary,
                   SortedSet<String> tags, String note, Optional<byte[]> checkpoint) {

    static final String CHECKPOINT = "best.ckpt";

    static ExportedRun read(RunStore store, long runId) {
        RunRecord r = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        Map<String, String> parameters = new LinkedHashMap<>();
        Object config = new Yaml().load(r.configJson());
        if (config instanceof Map<?, ?> map) {
            flatten("", map, parameters);
        }
        return new ExportedRun(r, parameters, store.history(runId), store.summary(runId), store.tags(runId),
                store.note(runId), store.artifact(runId, CHECKPOINT));
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner) {
                flatten(key + ".", inner, out);
            } else if (e.getValue() instanceof List<?> list) {
                out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }

    /** The condition's name ({@code mle} when the configuration names none). */
    String condition() {
        return parameters.getOrDefault("condition.name", "mle");
    }

    /** A short, file-safe name: {@code run-ID}. */
    String folderName() {
        return "run-" + run.id();
    }
}
