package org.nonid.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;

/** Runs written in other tools' formats. */
final class Exports {
    static final List<String> FORMATS = List.of("mlflow", "tensorboard", "csv", "json", "safetensors");

    private Exports() {
    }

    static List<Path> write(String format, List<ExportedRun> runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        return switch (format) {
            case "mlflow" -> mlflow(runs, dir);
            case "tensorboard" -> tensorboard(runs, dir);
            case "csv" -> csv(runs, dir);
            case "json" -> List.of(json(runs, dir));
            case "safetensors" -> safetensors(runs, dir);
            default -> throw new IllegalArgumentException(org.nonid.api.config.UnknownName.message("export format", format,
                    FORMATS) + " (formats: " + String.join(", ", FORMATS) + ")");
        };
    }

    // ------------------------------------------------------------------ MLflow's file store

    /** MLflow's run status codes: RUNNING 1, FINISHED 3, FAILED 4, KILLED 5. */
    private static int mlflowStatus(RunStatus status) {
        return switch (status) {
            case RUNNING -> 1;
            case FINISHED -> 3;
            case FAILED -> 4;
            case CANCELLED, INTERRUPTED -> 5;
        };
    }

    private static List<Path> mlflow(List<ExportedRun> runs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Map<String, Integer> experimentIds = new LinkedHashMap<>();
        for (ExportedRun e : runs) {
            RunRecord r = e.run();
            int experimentId = experimentIds.computeIfAbsent(r.experiment(), name -> experimentIds.size() + 1);
            Path experiment = Files.createDirectories(dir.resolve(Integer.toString(experimentId)));
            long created = r.startedAt().toEpochMilli();
            files.add(yaml(experiment.resolve("meta.yaml"), Map.of(
                    "artifact_location", experiment.toUri().toString(),
                    "creation_time", created,
                    "experiment_id", "'" + experimentId + "'",
                    "last_update_time", created,
                    "lifecycle_stage", "active",
                    "name", r.experiment())));
            String uuid = UUID.nameUUIDFromBytes(("nonid run " + r.id() + " " + r.startedAt()).getBytes(StandardCharsets.UTF_8))
                    .toString().replace("-", "");
            Path run = Files.createDirectories(experiment.resolve(uuid));
            long end = r.endedAt() == null ? created : r.endedAt().toEpochMilli();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("artifact_uri", run.resolve("artifacts").toUri().toString());
            meta.put("end_time", r.status() == RunStatus.RUNNING ? "null" : end);
            meta.put("entry_point_name", "''");
            meta.put("experiment_id", "'" + experimentId + "'");
            meta.put("lifecycle_stage", "active");
            meta.put("run_id", uuid);
            meta.put("run_name", "'" + r.experiment() + " trial " + r.trial() + " seed " + r.seed() + " (run " + r.id() + ")'");
            meta.put("run_uuid", uuid);
            meta.put("source_name", "''");
            meta.put("source_type", 4);
            meta.put("source_version", "''");
            meta.put("start_time", created);
            meta.put("status", mlflowStatus(r.status()));
            meta.put("tags", "[]");
            meta.put("user_id", "nonid");
            files.add(yaml(run.resolve("meta.yaml"), meta));
            for (Map.Entry<String, String> p : e.parameters().entrySet()) {
                files.add(text(run.resolve("params").resolve(p.getKey()), p.getValue()));
            }
            Map<String, StringBuilder> metrics = new LinkedHashMap<>();
            for (MetricPoint p : e.history()) {
                metrics.computeIfAbsent(p.key(), k -> new StringBuilder()).append(created).append(' ')
                        .append(number(p.value())).append(' ').append(p.step()).append('\n');
            }
            long lastStep = Math.max(0, r.lastStep());
            for (Map.Entry<String, Double> s : e.summary().entrySet()) {
                metrics.computeIfAbsent(s.getKey(), k -> new StringBuilder()).append(end).append(' ')
                        .append(number(s.getValue())).append(' ').append(lastStep).append('\n');
            }
            for (Map.Entry<String, StringBuilder> m : metrics.entrySet()) {
                files.add(text(run.resolve("metrics").resolve(m.getKey()), m.getValue().toString()));
            }
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mlflow.runName", r.experiment() + " trial " + r.trial() + " seed " + r.seed() + " (run " + r.id() + ")");
            tags.put("mlflow.user", "nonid");
            tags.put("nonid.run_id", Long.toString(r.id()));
            tags.put("nonid.status", r.status().label() + (r.reason().isEmpty() ? "" : ": " + r.reason()));
            if (!e.note().isEmpty()) {
                tags.put("mlflow.note.content", e.note());
            }
            e.tags().forEach(t -> tags.put(t, ""));
            for (Map.Entry<String, String> t : tags.entrySet()) {
                files.add(text(run.resolve("tags").resolve(t.getKey()), t.getValue()));
            }
            Path artifacts = Files.createDirectories(run.resolve("artifacts"));
            if (e.checkpoint().isPresent()) {
                Path file = artifacts.resolve("best.safetensors");
                Safetensors.write(e.checkpoint().get(), Map.of("nonid.run", Long.toString(r.id())), file);
                files.add(file);
            }
        }
        return files;
    }

    /** MLflow reads its numbers with Python's float(): nan and inf are spelt so. */
    private static String number(double v) {
        return Double.isNaN(v) ? "nan" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Double.toString(v);
    }

    private static Path yaml(Path file, Map<String, ?> fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return text(file, sb.toString());
    }

    private static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ TensorBoard

    private static List<Path> tensorboard(List<ExportedRun> runs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ExportedRun e : runs) {
            RunRecord r = e.run();
            Path folder = Files.createDirectories(dir.resolve(r.experiment()).resolve(e.folderName()));
            double wall = r.startedAt().toEpochMilli() / 1000.0;
            Path file = folder.resolve("events.out.tfevents." + r.startedAt().getEpochSecond() + ".nonid");
            try (OutputStream out = Files.newOutputStream(file)) {
                TfRecords.record(out, TfRecords.fileVersion(wall));
                for (MetricPoint p : e.history()) {
                    TfRecords.record(out, TfRecords.scalar(wall, p.step(), p.key(), (float) p.value()));
                }
            }
            files.add(file);
        }
        return files;
    }

    // ------------------------------------------------------------------ CSV and JSON

    private static List<Path> csv(List<ExportedRun> runs, Path dir) throws IOException {
        Path runsFile = dir.resolve("runs.csv");
        Path historyFile = dir.resolve("history.csv");
        Path summaryFile = dir.resolve("summary.csv");
        try (Csv table = new Csv(runsFile); Csv history = new Csv(historyFile); Csv summary = new Csv(summaryFile)) {
            table.row(List.of("run_id", "experiment", "trial", "seed", "language", "model", "condition", "status", "reason",
                    "started", "ended", "tags", "note"));
            history.row(List.of("run_id", "step", "key", "value"));
            summary.row(List.of("run_id", "key", "value"));
            for (ExportedRun e : runs) {
                RunRecord r = e.run();
                table.row(List.of(r.id(), r.experiment(), r.trial(), r.seed(), r.language(), r.model(), e.condition(),
                        r.status().label(), r.reason(), r.startedAt(), r.endedAt() == null ? "" : r.endedAt(),
                        String.join(" ", e.tags()), e.note()));
                for (MetricPoint p : e.history()) {
                    history.row(List.of(r.id(), p.step(), p.key(), p.value()));
                }
                for (Map.Entry<String, Double> s : e.summary().entrySet()) {
                    summary.row(List.of(r.id(), s.getKey(), s.getValue()));
                }
            }
        }
        return List.of(runsFile, historyFile, summaryFile);
    }

    private static Path json(List<ExportedRun> runs, Path dir) throws IOException {
        List<Object> out = new ArrayList<>();
        for (ExportedRun e : runs) {
            RunRecord r = e.run();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", r.id());
            run.put("experiment", r.experiment());
            run.put("trial", r.trial());
            run.put("seed", r.seed());
            run.put("status", r.status().label());
            run.put("reason", r.reason());
            run.put("started", r.startedAt().toString());
            run.put("ended", r.endedAt() == null ? null : r.endedAt().toString());
            run.put("tags", List.copyOf(e.tags()));
            run.put("note", e.note());
            run.put("parameters", e.parameters());
            run.put("summary", e.summary());
            List<Object> history = new ArrayList<>();
            for (MetricPoint p : e.history()) {
                history.add(Map.of("step", p.step(), "key", p.key(), "value", p.value()));
            }
            run.put("history", history);
            out.add(run);
        }
        return Files.writeString(dir.resolve("runs.json"), Json.write(out), StandardCharsets.UTF_8);
    }

    private static List<Path> safetensors(List<ExportedRun> runs, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (ExportedRun e : runs) {
            if (e.checkpoint().isEmpty()) {
                continue;
            }
            Path file = dir.resolve(e.folderName() + ".safetensors");
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("nonid.run", Long.toString(e.run().id()));
            metadata.put("nonid.experiment", e.run().experiment());
            metadata.put("nonid.model", e.run().model());
            Safetensors.write(e.checkpoint().get(), metadata, file);
            files.add(file);
        }
        return files;
    }
}
