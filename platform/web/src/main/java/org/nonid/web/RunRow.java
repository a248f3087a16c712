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

    /** A run's row, with its settings as the experiment service reads them ({@link org.nonid.api.run.RunSpec#settings}). */
    static RunRow of(RunRecord r, Map<String, String> settings, RunStore store) {
        Map<String, Double> summary = new LinkedHashMap<>();
        store.summary(r.id()).forEach((k, v) -> summary.put(k, WebJson.finite(v)));
        List<String> measures = List.of(settings.getOrDefault("measures", "").split(",")).stream()
                .filter(m -> !m.isBlank()).toList();
        return new RunRow(r.id(), r.experiment(), r.trial(), r.seed(), r.language(), r.model(), r.backend(),
                settings.getOrDefault("condition.name", "mle"), r.status().label(), r.reason(), r.lastStep(),
                String.valueOf(r.startedAt()), r.endedAt() == null ? null : r.endedAt().toString(), measures,
                List.copyOf(store.tags(r.id())), summary);
    }
}
