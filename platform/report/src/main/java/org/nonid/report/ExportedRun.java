package org.nonid.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;

/**
 * Everything the store holds of one run, as exports write it: its record, its identity and settings
 * ({@link org.nonid.api.run.RunSpec#settings}) as parameters, history, summary, tags, note and best checkpoint.
 */
record ExportedRun(RunRecord run, Map<String, String> parameters, List<MetricPoint> history, Map<String, Double> summary,
                   SortedSet<String> tags, String note, Optional<byte[]> checkpoint) {

    static final String CHECKPOINT = "best.ckpt";

    static ExportedRun read(RunStore store, ExperimentService experiments, long runId) {
        RunRecord r = store.run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("experiment", r.experiment());
        parameters.put("trial", Integer.toString(r.trial()));
        parameters.put("seed", Long.toString(r.seed()));
        parameters.putAll(ReportServiceImpl.settings(experiments, r));
        return new ExportedRun(r, parameters, store.history(runId), store.summary(runId), store.tags(runId),
                store.note(runId), store.artifact(runId, CHECKPOINT));
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
