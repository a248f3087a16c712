package org.nonid.shell;

import org.nonid.api.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.report.ReportService;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunRecords;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code nonid:*} commands for experiments: run, resume, list and report them. */
@Component(service = ExperimentCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=run",
    "osgi.command.function=resume",
    "osgi.command.function=experiments",
    "osgi.command.function=report"})
public final class ExperimentCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReportService reports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginCatalog catalog;

    private static PrintStream out() {
        return System.out;
    }

    /** The value of --trial when it is not given. */
    private static final String ALL_TRIALS = "-2147483648";

    @Descriptor("run an experiment file (YAML): its trials in turn (or a few at once with -j), progress as it"
            + " goes, then a summary; fails if a trial fails (the others still run)")
    public void run(
            @Descriptor("run only this trial (0-based), e.g. a cluster array task") @Parameter(names = {"-t", "--trial"},
                    absentValue = ALL_TRIALS) int trial,
            @Descriptor("trials run at once (each on the shared backend); 1 shows live progress of each")
            @Parameter(names = {"-j", "--jobs"}, absentValue = "1") int jobs,
            @Descriptor("the experiment file, e.g. examples/quickstart.yaml") String file,
            @Descriptor("dotted overrides, e.g. training.lr=1e-3 seeds=1,2 model.lstm.hidden=64") String... overrides) throws IOException {
        if (trial < 0 && trial != Integer.parseInt(ALL_TRIALS)) {
            throw new ConfigException("--trial is a trial index (0 or more), not " + trial);
        }
        if (jobs < 1) {
            throw new ConfigException("-j/--jobs is the number of trials run at once (1 or more), not " + jobs);
        }
        Path path = Paths.get(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException("no experiment file " + path.toAbsolutePath());
        }
        ExperimentPlan plan = Services.experiments(experiments).register(text, path.getFileName().toString(),
                Arrays.asList(overrides));
        List<Integer> trials = new ArrayList<>();
        if (trial >= plan.runs().size()) {
            throw new ConfigException("experiment " + plan.name() + " has trials 0.." + (plan.runs().size() - 1)
                    + ", not " + trial);
        } else if (trial >= 0) {
            trials.add(trial);
        } else {
            for (int i = 0; i < plan.runs().size(); i++) {
                trials.add(i);
            }
        }
        out().println("experiment " + plan.name() + ": " + plan.runs().size() + " run" + (plan.runs().size() == 1 ? "" : "s")
                + (trial >= 0 ? ", running trial " + trial : ""));
        execute(plan, trials, jobs, false);
    }

    @Descriptor("resume an experiment: run the trials that have not finished (failed, cancelled, interrupted or"
            + " never started); finished trials are kept, not recomputed")
    public void resume(
            @Descriptor("trials run at once") @Parameter(names = {"-j", "--jobs"}, absentValue = "1") int jobs,
            @Descriptor("the experiment's name") String experiment) {
        ExperimentPlan plan = Services.experiments(experiments).replan(experiment);
        List<Integer> pending = Services.experiments(experiments).unfinishedTrials(plan);
        out().println("experiment " + experiment + ": " + (plan.runs().size() - pending.size()) + " of " + plan.runs().size()
                + " trials finished" + (pending.isEmpty() ? "; nothing to resume" : ", resuming trials " + pending));
        if (!pending.isEmpty()) {
            execute(plan, pending, jobs, true);
        }
    }

    /** Runs trials through the experiment service, then prints the closing tables; fails if a trial did not finish. */
    private void execute(ExperimentPlan plan, List<Integer> trials, int jobs, boolean resuming) {
        ExperimentResult result = Services.experiments(experiments).runTrials(plan, trials, jobs, resuming,
                new TrialLines(out(), plan, jobs, resuming, Services.catalog(catalog)));
        if (result.comparesModels()) {
            ModelComparison.print(out(), result, Services.catalog(catalog));
        } else {
            Summaries.print(out(), Services.catalog(catalog), result.seedGroups());
        }
        out().println("results: " + Services.store(store).dataDirectory().resolve("runs.db")
                + "  (nonid:report " + plan.name() + " writes tables and figures)");
        if (result.unfinished() > 0 || result.cancelled()) {
            throw new ConfigException(result.unfinished() + " of " + trials.size() + " trials of " + plan.name()
                    + " did not finish; nonid:resume " + plan.name() + " runs them again");
        }
    }

    @Descriptor("list recorded experiments with their trials")
    public void experiments() {
        List<RunRecord> runs = Services.store(store).runs();
        Table table = new Table("NAME", "TRIALS", "FINISHED", "RUNS", "SOURCE", "CREATED");
        for (ExperimentRecord e : Services.store(store).experiments()) {
            long count = runs.stream().filter(r -> r.experiment().equals(e.name())).count();
            table.row(e.name(), e.trials(), RunRecords.latestFinishedByTrial(runs, e.name()).size(), count, e.source(),
                    Formats.time(e.createdAt()));
        }
        out().print(table.isEmpty() ? "no experiments recorded\n" : table.toString());
    }

    @Descriptor("write an experiment's report: summary.csv, history.csv, completions.csv, summary.json, figures"
            + " (PNG and SVG) and report.html")
    public void report(
            @Descriptor("folder to write into (default: <data>/experiments/<name>)") @Parameter(names = {"-o", "--out"},
                    absentValue = "") String directory,
            @Descriptor("write into a folder given with -o even when it holds files") @Parameter(names = {"-f",
                    "--force"}, presentValue = "true", absentValue = "false") boolean force,
            @Descriptor("the experiment's name") String experiment) throws IOException {
        if (!directory.isEmpty() && !force && Files.isDirectory(Paths.get(directory))) {
            try (var entries = Files.list(Paths.get(directory))) {
                if (entries.findAny().isPresent()) {
                    throw new ConfigException(directory + " is not empty: its files would be overwritten;"
                            + " give an empty or new folder, or --force");
                }
            }
        }
        org.nonid.api.report.Report report = Services.reports(reports).report(experiment,
                directory.isEmpty() ? null : Paths.get(directory));
        List<Path> files = report.files();
        out().println("wrote " + files.size() + " files into " + files.get(0).getParent() + ":");
        for (Path f : files) {
            out().println("  " + f.getFileName());
        }
        for (String line : report.skipped()) {
            out().println("note: " + line);
        }
    }
}
