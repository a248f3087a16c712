package org.nonid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.condition.core.AdversarialCondition;
import org.nonid.condition.core.MleCondition;
import org.nonid.condition.core.OracleCondition;
import org.nonid.engine.experiment.ExperimentServiceImpl;
import org.nonid.engine.experiment.PluginRegistry;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.measure.core.BayesGapMeasure;
import org.nonid.measure.core.LossMeasure;
import org.nonid.measure.core.RuleExtrapolationMeasure;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.store.SqliteRunStore;

/** A two-condition experiment run for real, then reported: the tables must say what the store says. */
class ReportServiceTest {
    @TempDir
    static Path dir;
    private static SqliteRunStore store;
    private static ExperimentServiceImpl service;
    private static CpuBackend backend;
    private static List<Long> runIds = new ArrayList<>();
    private static List<Path> files;
    private static PluginRegistry catalog;

    @BeforeAll
    static void runAndReport() throws Exception {
        catalog = new PluginRegistry();
        backend = new CpuBackend(1);
        catalog.register(PluginKind.LANGUAGE, "aNbN", "", new AnBnLanguage(), "t", "0");
        catalog.register(PluginKind.MODEL, "transformer", "", new TransformerFamily(), "t", "0");
        catalog.register(PluginKind.MEASURE, "loss", "", new LossMeasure(), "t", "0");
        catalog.register(PluginKind.MEASURE, "bayes-gap", "", new BayesGapMeasure(), "t", "0");
        catalog.register(PluginKind.MEASURE, "rule-extrapolation", "", new RuleExtrapolationMeasure(), "t", "0");
        catalog.register(PluginKind.CONDITION, "mle", "", new MleCondition(), "t", "0");
        catalog.register(PluginKind.CONDITION, "oracle", "", new OracleCondition(), "t", "0");
        catalog.register(PluginKind.CONDITION, "adversarial", "", new AdversarialCondition(), "t", "0");
        catalog.register(PluginKind.BACKEND, "cpu", "", backend, "t", "0");
        store = new SqliteRunStore(dir.resolve("data"));
        service = new ExperimentServiceImpl(catalog, store, 1);
        String spec = String.join("\n",
                "name: tiny",
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0}",
                "training: {steps: 20, batchSize: 0, warmup: 5}",
                "evaluation: {every: 10, promptLength: 4}",
                "conditions: [mle, oracle]",
                "seeds: 2",
                "");
        ExperimentPlan plan = service.register(spec, "tiny.yaml", List.of());
        for (RunSpec run : plan.runs()) {
            RunOutcome o = service.start(run, p -> { }).await(120, TimeUnit.SECONDS).orElseThrow();
            assertEquals(RunStatus.FINISHED, o.status(), o.reason());
            runIds.add(o.runId());
        }
        files = new ReportServiceImpl(store, service, catalog).write("tiny", null);
    }

    @Test
    void thePagesColumnsAreThoseTheRunsMeasuresDescribe() throws Exception {
        String html = Files.readString(dir.resolve("data/experiments/tiny/report.html"));
        for (String header : List.of("test loss", "Bayes bound", "gap", "ID R1", "OOD R1", "OOD R1 (max)")) {
            assertTrue(html.contains("<th>" + header + "</th>"), header + " in " + html);
        }
        assertFalse(html.contains("<th>ood/rule_2_accuracy</th>"), "metrics without columns get none");
        String json = Files.readString(dir.resolve("data/experiments/tiny/summary.json"));
        assertTrue(json.contains("\"max_ood_rule_1_accuracy\""), json);
    }

    @Test
    void runsExportToMlflowsFileStoreWithParametersMetricsTagsAndTheCheckpoint(@TempDir Path out) throws Exception {
        long id = runIds.get(0);
        store.tag(id, List.of("baseline"));
        store.setNote(id, "the first seed");
        List<Path> written = new ReportServiceImpl(store, service, catalog).export("mlflow", out, List.of(id));
        Path meta = written.stream().filter(p -> p.getFileName().toString().equals("meta.yaml") && p.getParent().getParent()
                .equals(out.resolve("1"))).findFirst().orElseThrow();
        Path run = meta.getParent();
        String runMeta = Files.readString(meta);
        assertTrue(runMeta.contains("status: 3\n"), runMeta);
        assertTrue(runMeta.contains("run_id: " + run.getFileName() + "\n"), runMeta);
        assertEquals(32, run.getFileName().toString().length());
        assertTrue(Files.readString(out.resolve("1/meta.yaml")).contains("name: tiny\n"));
        assertEquals("transformer", Files.readString(run.resolve("params/model.family")));
        assertEquals("8", Files.readString(run.resolve("params/model.dModel")));
        List<String> valLoss = Files.readAllLines(run.resolve("metrics/val/loss"));
        List<org.nonid.api.run.MetricPoint> history = store.history(id).stream().filter(p -> p.key().equals("val/loss")).toList();
        assertEquals(history.size(), valLoss.size());
        for (int i = 0; i < history.size(); i++) {
            String[] parts = valLoss.get(i).split(" ");
            assertEquals(3, parts.length, valLoss.get(i));
            assertEquals(history.get(i).value(), Double.parseDouble(parts[1]));
            assertEquals(history.get(i).step(), Long.parseLong(parts[2]));
        }
        assertTrue(Files.exists(run.resolve("metrics/best/ood/rule_1_accuracy")));
        assertEquals("the first seed", Files.readString(run.resolve("tags/mlflow.note.content")));
        assertTrue(Files.exists(run.resolve("tags/baseline")));
        assertTrue(Files.size(run.resolve("artifacts/best.safetensors")) > 0);
    }

    @Test
    void runsExportToTensorboardEventFilesThatReadBackWithTheirChecksums(@TempDir Path out) throws Exception {
        long id = runIds.get(1);
        Path file = new ReportServiceImpl(store, service, catalog).export("tensorboard", out, List.of(id)).get(0);
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        assertEquals(out.resolve("tiny/run-" + id), file.getParent());
        List<byte[]> events = ExportFiles.records(file);
        assertEquals("brain.Event:2", ExportFiles.fileVersion(events.get(0)));
        List<org.nonid.api.run.MetricPoint> history = store.history(id);
        assertEquals(history.size() + 1, events.size());
        for (int i = 0; i < history.size(); i++) {
            ExportFiles.Scalar s = ExportFiles.scalar(events.get(i + 1));
            assertEquals(history.get(i).key(), s.tag());
            assertEquals(history.get(i).step(), s.step());
            assertEquals((float) history.get(i).value(), s.value());
        }
    }

    @Test
    void aCheckpointExportsAsSafetensorsWithItsShapesAndValues(@TempDir Path out) throws Exception {
        long id = runIds.get(0);
        Path file = new ReportServiceImpl(store, service, catalog).export("safetensors", out, List.of(id)).get(0);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) bytes.getLong();
        assertEquals(0, (8 + headerLength) % 8, "the data starts on an 8-byte boundary");
        byte[] header = new byte[headerLength];
        bytes.get(header);
        Map<?, ?> json = (Map<?, ?>) new org.yaml.snakeyaml.Yaml().load(new String(header, java.nio.charset.StandardCharsets.UTF_8));
        org.nonid.api.model.Checkpoint checkpoint = org.nonid.api.model.Checkpoint.read(
                new java.io.ByteArrayInputStream(store.artifact(id, "best.ckpt").orElseThrow()));
        assertEquals(checkpoint.names().size() + 1, json.size(), "every tensor and the metadata");
        int dataStart = 8 + headerLength;
        for (String name : checkpoint.names()) {
            Map<?, ?> entry = (Map<?, ?>) json.get(name);
            assertEquals("F32", entry.get("dtype"));
            assertEquals(java.util.Arrays.stream(checkpoint.shape(name)).boxed().toList(), entry.get("shape"));
            List<?> offsets = (List<?>) entry.get("data_offsets");
            float[] expected = checkpoint.values(name);
            int begin = ((Number) offsets.get(0)).intValue();
            assertEquals(4L * expected.length, ((Number) offsets.get(1)).longValue() - begin);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], bytes.getFloat(dataStart + begin + 4 * i), name + "[" + i + "]");
            }
        }
        assertEquals(Long.toString(id), ((Map<?, ?>) json.get("__metadata__")).get("nonid.run"));
    }

    @Test
    void runsExportAsCsvAndJsonAndAnUnknownFormatListsTheKnownOnes(@TempDir Path out) throws Exception {
        ReportServiceImpl reports = new ReportServiceImpl(store, service, catalog);
        reports.export("csv", out, runIds);
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(runIds.size() + 1, runs.size());
        assertTrue(runs.get(0).startsWith("run_id,experiment,trial,seed,language,model,condition,status"), runs.get(0));
        long historyRows = Files.readAllLines(out.resolve("history.csv")).size() - 1;
        assertEquals(runIds.stream().mapToLong(id -> store.history(id).size()).sum(), historyRows);
        reports.export("json", out, List.of(runIds.get(0)));
        List<?> json = (List<?>) new org.yaml.snakeyaml.Yaml().load(Files.readString(out.resolve("runs.json")));
        Map<?, ?> first = (Map<?, ?>) json.get(0);
        assertEquals(runIds.get(0).intValue(), ((Number) first.get("id")).intValue());
        assertEquals(store.history(runIds.get(0)).size(), ((List<?>) first.get("history")).size());
        org.nonid.api.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.nonid.api.config.ConfigException.class, () -> reports.export("mlflw", out, runIds));
        assertTrue(e.getMessage().startsWith("unknown export format 'mlflw'; nearest: mlflow"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(formats: mlflow, tensorboard, csv, json, safetensors)"), e.getMessage());
    }

    @Test
    void anExperimentWhosePluginIsGoneStillReportsFromTheStore(@TempDir Path out) throws Exception {
        TransformerFamily family = (TransformerFamily) catalog.modelFamily("transformer");
        catalog.unregister(PluginKind.MODEL, family);
        try {
            org.nonid.api.report.Report report = new ReportServiceImpl(store, service, catalog).report("tiny", out);
            assertTrue(report.files().contains(out.resolve("report.html")), report.files().toString());
            assertTrue(Files.readString(out.resolve("summary.csv")).lines().count() > runIds.size(), "every run's row");
            assertTrue(report.skipped().stream().allMatch(s -> s.contains("left out of completions.csv")), report.skipped().toString());
        } finally {
            catalog.register(PluginKind.MODEL, "transformer", "", family, "t", "0");
        }
    }

    @AfterAll
    static void close() {
        service.close();
        store.close();
        backend.close();
    }

    private static List<String[]> csv(String name) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("data/experiments/tiny").resolve(name))) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void everyFileIsWritten() {
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("summary.csv", "history.csv", "completions.csv", "summary.json", "loss.png", "loss.svg",
                "p1.png", "p1.svg", "p1_end.png", "p1_end.svg", "ood_r1.png", "ood_r1.svg", "report.html"), names);
        for (Path f : files) {
            assertTrue(f.toFile().length() > 100, f + " is nearly empty");
        }
    }

    @Test
    void summaryRowsAreTheStoredSummaries() throws Exception {
        List<String[]> rows = csv("summary.csv");
        List<String> header = List.of(rows.get(0));
        assertEquals(5, rows.size(), "a header and four runs");
        for (String column : List.of("run_id", "seed", "condition", "min_val_loss", "min_val_loss_step", "test_loss",
                "ood_rule_1_accuracy", "max_ood_rule_1_accuracy", "id_rule_1_accuracy", "val_bayes_loss",
                "training_lr", "model_dModel", "condition_name")) {
            assertTrue(header.contains(column), "column " + column + " in " + header);
        }
        assertEquals(header.size(), new java.util.HashSet<>(header).size(), "no column twice");
        for (String[] row : rows.subList(1, rows.size())) {
            long id = Long.parseLong(row[header.indexOf("run_id")]);
            Map<String, Double> summary = store.summary(id);
            assertEquals(summary.get("best/ood/rule_1_accuracy"), Double.parseDouble(row[header.indexOf("ood_rule_1_accuracy")]));
            assertEquals(summary.get("max/ood/rule_1_accuracy"), Double.parseDouble(row[header.indexOf("max_ood_rule_1_accuracy")]));
            assertEquals(summary.get("min_val_loss"), Double.parseDouble(row[header.indexOf("min_val_loss")]));
            assertEquals(summary.get("best/test/loss"), Double.parseDouble(row[header.indexOf("test_loss")]));
            assertEquals(String.valueOf(store.run(id).orElseThrow().seed()), row[header.indexOf("seed")]);
        }
        assertEquals(List.of("mle", "mle", "oracle", "oracle"),
                rows.subList(1, 5).stream().map(r -> r[header.indexOf("condition")]).toList());
    }

    @Test
    void historyRowsAreTheStoredHistory() throws Exception {
        List<String[]> rows = csv("history.csv");
        int expected = 0;
        for (long id : runIds) {
            expected += store.history(id).size();
        }
        assertEquals(expected + 1, rows.size());
        String[] first = rows.get(1);
        MetricPoint point = store.history(Long.parseLong(first[0])).get(0);
        assertEquals(point.step(), Long.parseLong(first[4]));
        assertEquals(point.key(), first[5]);
        assertEquals(point.value(), Double.parseDouble(first[6]));
    }

    @Test
    void completionsCoverEveryPromptOfEveryRunCutAtEos() throws Exception {
        List<String[]> rows = csv("completions.csv");
        assertEquals(List.of("run_id", "trial", "condition", "seed", "split", "prompt", "completion", "finished"),
                List.of(rows.get(0)));
        assertEquals(4 * 16 + 1, rows.size(), "four runs x 2^4 prompts");
        for (String[] r : rows.subList(1, rows.size())) {
            assertTrue(r[4].equals("ID") || r[4].equals("OOD"));
            assertTrue(r[5].matches("[ab]( [ab]){3}"), r[5]);
            boolean finished = Boolean.parseBoolean(r[7]);
            assertEquals(finished, r[6].endsWith("EOS"), String.join(",", r));
            assertTrue(r[6].indexOf("EOS") == r[6].lastIndexOf("EOS"), "nothing after the first EOS: " + r[6]);
        }
    }

    @Test
    void anUnknownExperimentListsTheRecordedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReportServiceImpl(store, service, catalog).write("tiny2", null));
        assertEquals("no experiment 'tiny2'; recorded: tiny", e.getMessage());
    }

    @Test
    void aRunWhoseModelDoesNotLoadIsLeftOutOfTheCompletionsAndSaid(@TempDir Path out) throws Exception {
        long broken = runIds.get(1);
        byte[] checkpoint = store.artifact(broken, "best.ckpt").orElseThrow();
        store.putArtifact(broken, "best.ckpt", "not a checkpoint".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            org.nonid.api.report.Report report = new ReportServiceImpl(store, service, catalog).report("tiny", out);
            assertEquals(1, report.skipped().size(), report.skipped().toString());
            assertTrue(report.skipped().get(0).startsWith("run " + broken + " (trial 1): left out of completions.csv: "),
                    report.skipped().get(0));
            assertTrue(report.files().contains(out.resolve("report.html")), "the rest of the report is written");
            List<String> lines = Files.readAllLines(out.resolve("completions.csv"));
            assertEquals(3 * 16 + 1, lines.size(), "the three other runs' completions");
            assertTrue(lines.stream().noneMatch(l -> l.startsWith(broken + ",")));
        } finally {
            store.putArtifact(broken, "best.ckpt", checkpoint);
        }
    }
}
