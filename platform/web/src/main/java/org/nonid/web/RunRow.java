package org.nonid.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;

/** A run as a line of the dashboard's tables: its record, condition, measures, tags and summary. */
record RunRow(long id, String experiment, int trial, long seed, String language, String model, String backend,
              String condition, String status, String reason, long step, String started, String ended,
              List<String> measures, List<String> tags, Map<String, Double> summary) {

    static RunRow of(RunRecord r, RunStore store) {
        Map<String, Object> config = WebJson.object(r.configJson());
        Map<String, Double> summary = new LinkedHashMap<>();
        store.summary(r.id()).forEach((k, v) -> summary.put(k, WebJson.finite(v)));
        return new RunRow(r.id(), r.experiment(), r.trial(), r.seed(), r.language(), r.model(), r.backend(),
                condition(config), r.status().label(), r.reason(), r.lastStep(), String.valueOf(r.startedAt()),
                r.endedAt() == null ? null : r.endedAt().toString(), measures(config), List.copyOf(store.tags(r.id())),
                summary);
    }

    /** The training condition's name; runs recorded before conditions existed trained by maximum likelihood. */
    static String condition(Map<String, Object> config) {
        return config.get("condition") instanceof Map<?, ?> c && c.get("name") != null ? c.get("name").toString() : "mle";
    }

    /** The measures' names, written as names or as {@code {name: ..., parameter: ...}}. */
    static List<String> measures(Map<String, Object> config) {
        if (!(config.get("measures") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(m -> m instanceof Map<?, ?> named ? String.valueOf(named.get("name")) : String.valueOf(m))
                .toList();
    }
}
