package org.nonid.report;

import org.nonid.api.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.report.Report;
import org.nonid.api.report.ReportService;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunRecords;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Writes experiment reports from the run store (and, for completions, the runs' best checkpoints). */
@Component(service = ReportService.class)
public final class ReportServiceImpl implements ReportService {
    private final RunStore store;
    private final ExperimentService experiments;
    private final PluginCatalog catalog;

    @Activate
    public ReportServiceImpl(@Reference RunStore store, @Reference ExperimentService experiments,
            @Reference PluginCatalog catalog) {
        this.store = store;
        this.experiments = experiments;
        this.catalog = catalog;
    }

    /** A run's settings as the experiment service reads its configuration; none when it cannot be read. */
    static Map<String, String> settings(ExperimentService experiments, RunRecord r) {
        try {
            return experiments.spec(r.id()).settings();
        } catch (RuntimeException unreadable) {
            return Map.of();
        }
    }

    @Override
    public Report report(String experiment, Path directory) {
        // the store alone: an experiment whose plugins have since been removed still reports
        if (store.experiment(experiment).isEmpty()) {
            throw new ConfigException("no experiment '" + experiment + "'; recorded: " + (store.experiments().isEmpty()
                    ? "(none)" : String.join(", ", store.experiments().stream().map(e -> e.name()).toList())));
        }
        Map<Integer, RunRecord> latest = RunRecords.latestFinishedByTrial(store.runs(), experiment);
        if (latest.isEmpty()) {
            throw new ConfigException("experiment '" + experiment + "' has no finished run yet");
        }
        List<TrialResult> trials = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> measures = new LinkedHashSet<>();
        for (RunRecord r : latest.values()) {
            try {
                trials.add(trial(r, measures));
            } catch (RuntimeException e) {
                skipped.add("run " + r.id() + " (trial " + r.trial() + "): left out of the report: its record does not"
                        + " read (" + e.getMessage() + ")");
            }
        }
        Path dir = directory != null ? directory : store.dataDirectory().resolve("experiments").resolve(experiment);
        try {
            Files.createDirectories(dir);
            Map<String, List<TrialResult>> groups = Groups.byGroup(trials);
            List<Path> files = new ArrayList<>();
            files.add(Tables.summaryCsv(trials, dir));
            files.add(Tables.historyCsv(trials, dir));
            files.add(completionsCsv(trials, dir, skipped));
            List<MetricInfo.Column> columns = catalog.measureColumns(measures);
            Optional<FigureMetrics> figureMetrics = FigureMetrics.of(catalog.measureMetrics(measures));
            files.add(Tables.summaryJson(experiment, trials, groups, columns, dir));
            files.addAll(Figures.write(trials, groups, figureMetrics, dir));
            files.add(Html.write(experiment, trials, groups, columns, figureMetrics, dir));
            return new Report(files, skipped);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> exportFormats() {
        return Exports.FORMATS;
    }

    @Override
    public List<Path> export(String format, Path directory, List<Long> runs) {
        if (!Exports.FORMATS.contains(format)) {
            throw new ConfigException(org.nonid.api.config.UnknownName.message("export format", format, Exports.FORMATS)
                    + " (formats: " + String.join(", ", Exports.FORMATS) + ")");
        }
        if (runs.isEmpty()) {
            throw new ConfigException("no runs to export");
        }
        List<ExportedRun> read = new ArrayList<>();
        for (long id : runs) {
            if (store.run(id).isEmpty()) {
                throw new ConfigException("no run " + id);
            }
            read.add(ExportedRun.read(store, experiments, id));
        }
        try {
            return Exports.write(format, read, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not export into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The trial of a run; the names of the run's measures are added to {@code measures}. */
    private TrialResult trial(RunRecord r, Set<String> measures) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings(experiments, r).forEach((key, value) -> {
            if (key.equals("backend") || key.matches("(language|model|condition|training|evaluation|finetune)\\..*")) {
                settings.put(key.replace('.', '_'), value);
            }
        });
        measures.addAll(List.of(settings(experiments, r).getOrDefault("measures", "").split(",")).stream()
                .filter(m -> !m.isBlank()).toList());
        String condition = settings.getOrDefault("condition_name", "mle");
        return new TrialResult(r, condition, settings, store.summary(r.id()), store.history(r.id()));
    }

    /** One row per run and test prompt, completed by the run's best-validation model. */
    private Path completionsCsv(List<TrialResult> trials, Path dir, List<String> skipped) throws IOException {
        Path file = dir.resolve("completions.csv");
        try (Csv csv = new Csv(file)) {
            csv.row(List.of("run_id", "trial", "condition", "seed", "split", "prompt", "completion", "finished"));
            for (TrialResult t : trials) {
                List<List<Object>> rows = new ArrayList<>();
                try (LoadedRun run = experiments.load(t.run().id())) {
                    Vocabulary v = run.language().vocabulary();
                    for (String split : List.of("ID", "OOD")) {
                        List<int[]> prompts = split.equals("ID") ? run.prompts().inDistribution()
                                : run.prompts().outOfDistribution();
                        for (Completion c : run.complete(prompts)) {
                            String completion = v.format(c.completion()) + (c.finished()
                                    ? (c.completion().length == 0 ? "EOS" : " EOS") : "");
                            rows.add(List.of(t.run().id(), t.run().trial(), t.condition(), t.run().seed(), split,
                                    v.format(c.prompt()), completion, c.finished()));
                        }
                    }
                } catch (RuntimeException e) {
                    // one run's model that does not load leaves that run out of the completions, not the report
                    skipped.add("run " + t.run().id() + " (trial " + t.run().trial() + "): left out of completions.csv:"
                            + " " + e.getMessage());
                    continue;
                }
                for (List<Object> row : rows) {
                    csv.row(row);
                }
            }
        }
        return file;
    }
}
