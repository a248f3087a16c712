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
import org.nonid.api.run.ClusterExecutor;
import org.nonid.api.run.ClusterJob;
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
    "osgi.command.function=submit",
    "osgi.command.function=jobs",
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
        ExperimentPlan plan = Services.experiments(experiments).register(read(path), path.getFileName().toString(),
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
        hintJobs(trials.size(), jobs, Runtime.getRuntime().availableProcessors()).ifPresent(out()::println);
        execute(plan, trials, jobs, false);
    }

    @Descriptor("resume an experiment: run the trials that have not finished (failed, cancelled, interrupted or"
            + " never started); finished trials are kept, not recomputed")
    public void resume(
            @Descriptor("trials run at once") @Parameter(names = {"-j", "--jobs"}, absentValue = "1") int jobs,
            @Descriptor("resume only this trial (0-based), as each task of a cluster job does")
            @Parameter(names = {"-t", "--trial"}, absentValue = ALL_TRIALS) int trial,
            @Descriptor("submit the unfinished trials to a batch system (slurm) instead of running them here")
            @Parameter(names = {"--submit"}, absentValue = "", presentValue = "slurm") String submit,
            @Descriptor("the experiment's name") String experiment) {
        if (!submit.isEmpty()) {
            ClusterJob job = Services.experiments(experiments).submitUnfinished(submit, experiment);
            out().println(submitted(job));
            return;
        }
        ExperimentPlan plan = Services.experiments(experiments).replan(experiment);
        List<Integer> pending = new ArrayList<>(Services.experiments(experiments).unfinishedTrials(plan));
        if (trial != Integer.parseInt(ALL_TRIALS)) {
            if (trial < 0 || trial >= plan.runs().size()) {
                throw new ConfigException("experiment " + plan.name() + " has trials 0.." + (plan.runs().size() - 1)
                        + ", not " + trial);
            }
            pending.retainAll(List.of(trial));
        }
        out().println("experiment " + experiment + ": " + (plan.runs().size() - pending.size()) + " of " + plan.runs().size()
                + " trials finished" + (pending.isEmpty() ? "; nothing to resume" : ", resuming trials " + pending));
        if (!pending.isEmpty()) {
            execute(plan, pending, jobs, true);
        }
    }

    /**
     * A line for a run of several trials one at a time on a machine with several cores: small models
     * gain more from trials side by side (each on its own core) than from one trial on every core.
     */
    static java.util.Optional<String> hintJobs(int trials, int jobs, int cores) {
        if (jobs > 1 || trials < 2 || cores < 2) {
            return java.util.Optional.empty();
        }
        int suggested = Math.min(trials, cores);
        return java.util.Optional.of("one trial at a time; -j " + suggested + " runs " + suggested
                + " at once, each on its own core, usually faster for small models (same results)");
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

    @Descriptor("submit an experiment file's trials to a batch system as one job (Slurm: a job array); each task runs"
            + " its trial against this store; resources come from the file's cluster: section")
    public void submit(
            @Descriptor("the batch system") @Parameter(names = {"-x", "--executor"}, absentValue = "slurm") String executor,
            @Descriptor("the experiment file, e.g. examples/quickstart.yaml") String file,
            @Descriptor("dotted overrides, e.g. seeds=1,2 cluster.partition=gpu") String... overrides) throws IOException {
        Path path = Paths.get(file);
        ClusterJob job = Services.experiments(experiments).submit(executor, read(path), path.getFileName().toString(),
                Arrays.asList(overrides), false);
        out().println(submitted(job));
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("no experiment file " + file.toAbsolutePath());
        }
    }

    private static String submitted(ClusterJob job) {
        return "experiment " + job.experiment() + ": trials " + Formats.ranges(job.trials()) + " submitted to "
                + job.executor() + " as job " + job.jobId() + " (nonid:jobs " + job.experiment() + " follows them)";
    }

    @Descriptor("the batch-system jobs of an experiment (or of all): each trial's state there next to its run's")
    public void jobs(@Descriptor("the experiment's name (all when absent)") String... experiment) {
        RunStore runs = Services.store(store);
        List<String> names = experiment.length > 0 ? List.of(experiment)
                : runs.experiments().stream().map(ExperimentRecord::name).toList();
        Table table = new Table("EXPERIMENT", "JOB", "TRIAL", "CLUSTER", "RUN", "STATUS", "STEP");
        List<RunRecord> all = runs.runs();
        for (String name : names) {
            for (ClusterJob job : runs.jobs(name)) {
                ClusterExecutor executor = Services.experiments(experiments).executors().get(job.executor());
                Map<Integer, String> states = executor == null ? Map.of() : executor.states(job);
                for (int trial : job.trials()) {
                    RunRecord latest = all.stream().filter(r -> r.experiment().equals(name) && r.trial() == trial)
                            .reduce((a, b) -> b).orElse(null);
                    table.row(name, job.jobId() + "_" + trial, trial, executor == null ? "(no " + job.executor() + ")"
                            : states.getOrDefault(trial, "ended"), latest == null ? "-" : latest.id(),
                            latest == null ? "-" : latest.status().label(),
                            latest == null || latest.lastStep() < 0 ? "-" : latest.lastStep());
                }
            }
        }
        out().print(table.isEmpty() ? "no jobs submitted" + (experiment.length > 0 ? " for " + experiment[0] : "") + "\n"
                : table.toString());
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
