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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigKey;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.BayesOptimal;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Completion;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.plugin.PluginProblem;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.nonid.api.run.RunMetrics;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code nonid:*} shell commands. */
@Component(service = NonidCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=plugins",
    "osgi.command.function=backends",
    "osgi.command.function=language",
    "osgi.command.function=model",
    "osgi.command.function=train",
    "osgi.command.function=finetune",
    "osgi.command.function=runs",
    "osgi.command.function=show",
    "osgi.command.function=complete",
    "osgi.command.function=cancel",
    "osgi.command.function=compare"})
public final class NonidCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunStore store;

    public NonidCommands() {
    }

    /** Outside a framework (tests). */
    NonidCommands(PluginCatalog catalog, ExperimentService experiments, RunStore store) {
        this.catalog = catalog;
        this.experiments = experiments;
        this.store = store;
    }

    private PluginCatalog catalog() {
        return Services.catalog(catalog);
    }

    private ExperimentService experiments() {
        return Services.experiments(experiments);
    }

    private RunStore store() {
        return Services.store(store);
    }

    private static PrintStream out() {
        return System.out;
    }

    // ------------------------------------------------------------------ plugins

    @Descriptor("list the installed plugins (languages, model families, measures, conditions, backends), then any problems: unresolved bundles, components that failed, jars that are not bundles, duplicate names")
    public void plugins() {
        Table table = new Table("KIND", "NAME", "BUNDLE", "VERSION", "DESCRIPTION");
        for (PluginInfo p : catalog().list()) {
            String description = p.description();
            if (p.kind() == PluginKind.BACKEND) {
                description = catalog().backend(p.name()).availabilityIfKnown()
                        .map(a -> a.usable() ? "usable" : "not usable: " + a.reason())
                        .orElse("not loaded yet (nonid:backends loads and checks it)");
            }
            table.row(p.kind().label(), p.name(), p.bundle(), p.bundleVersion(), description);
        }
        out().print(table.isEmpty() ? "no plugins installed\n" : table.toString());
        List<PluginProblem> problems = catalog().problems();
        if (!problems.isEmpty()) {
            out().println();
            out().println("problems:");
            for (PluginProblem p : problems) {
                out().println("  " + p.kind().label() + "  " + p.subject() + ": " + p.message());
            }
        }
    }

    @Descriptor("check every compute backend (loading native code where needed) and show its facts")
    public void backends() {
        for (PluginInfo p : catalog().list(PluginKind.BACKEND)) {
            ComputeBackend backend = catalog().backend(p.name());
            Availability a = backend.availability();
            out().println(p.name() + " (" + p.bundle() + " " + p.bundleVersion() + "): "
                    + (a.usable() ? "usable" : "not usable: " + a.reason()));
            for (Map.Entry<String, String> fact : backend.facts().entrySet()) {
                out().println("  " + fact.getKey() + ": " + fact.getValue());
            }
        }
    }

    // ------------------------------------------------------------------ language

    @Descriptor("describe a language: parameters, vocabulary, rules, prompt counts, Bayes-optimal loss and samples")
    public void language(
            @Descriptor("language name, e.g. aNbN") String name,
            @Descriptor("parameters as key=value, e.g. maxLength=32") String... parameters) {
        Language plugin = catalog().language(name);
        Map<String, Object> given = new LinkedHashMap<>();
        for (String p : parameters) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("'" + p + "' is not of the form key=value (e.g. maxLength=32)");
            }
            given.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        Config config = plugin.parameters().resolve("language", given);
        FormalLanguage language = plugin.create(config);
        PrintStream out = out();
        out.println(name + ": " + plugin.description());
        out.println("parameters:       " + describe(plugin.parameters(), config));
        out.print(settings(plugin.parameters()).indent(2));
        List<String> tokens = new ArrayList<>();
        Vocabulary v = language.vocabulary();
        for (int id = 0; id < v.size(); id++) {
            tokens.add(v.name(id) + "=" + id);
        }
        out.println("vocabulary:       " + String.join(" ", tokens));
        for (Rule rule : language.rules()) {
            out.println("rule " + rule.id() + ":          " + rule.summary());
        }
        out.println("sequence length:  " + language.sequenceLength() + " (SOS + up to " + language.maxLength()
                + " symbols + EOS, padded)");
        int k = language.defaultPromptLength();
        PromptSet prompts = language.prompts(k, new SplittableRandom(1));
        out.println("prompts (K=" + k + "):    " + prompts.inDistribution().size() + " in-distribution, "
                + prompts.outOfDistribution().size() + " out-of-distribution");
        out.println("chance levels (every next token uniform over the symbols and EOS; Monte Carlo, "
                + ChanceTable.SAMPLES_PER_PROMPT + " completions per prompt, ± standard error):");
        out.print(ChanceTable.of(language, prompts, language.maxLength()).indent(2));
        var validation = language.datasets(new SplittableRandom(1)).validation();
        var withPad = BayesOptimal.meanLoss(language, validation, true);
        var withoutPad = BayesOptimal.meanLoss(language, validation, false);
        out.println("Bayes-optimal loss: " + (withPad.isPresent()
                ? String.format("%.5f per position with PAD targets, %.5f without", withPad.get(), withoutPad.get())
                : "not available (the support is not finite)"));
        for (String note : language.notes()) {
            out.println(note);
        }
        SplittableRandom random = new SplittableRandom(7);
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(v.format(language.sample(random)));
        }
        out.println("samples:          " + String.join(" | ", samples));
    }

    @Descriptor("describe a model family: every setting with its default, range and meaning")
    public void model(@Descriptor("model family name, e.g. transformer") String name) {
        var family = catalog().modelFamily(name);
        PrintStream out = out();
        out.println(name + ": " + family.description());
        out.print(settings(family.hyperparameters()));
        out.println("training and evaluation settings (training.KEY=..., evaluation.KEY=...):");
        out.print(settings(experiments().trainingSchema()).indent(2));
        out.print(settings(experiments().evaluationSchema()).indent(2));
    }

    /** A schema as a table: key, default, range or choices, meaning. */
    static String settings(ConfigSchema schema) {
        Table table = new Table("SETTING", "DEFAULT", "RANGE", "MEANING");
        for (ConfigKey key : schema.keys()) {
            table.row(key.name(), key.defaultValue(), key.constraint(), key.description());
        }
        return table.isEmpty() ? "(no settings)\n" : table.toString();
    }

    private static String describe(ConfigSchema schema, Config config) {
        List<String> parts = new ArrayList<>();
        for (ConfigKey key : schema.keys()) {
            parts.add(key.name() + "=" + config.asMap().get(key.name()));
        }
        return parts.isEmpty() ? "(none)" : String.join(" ", parts);
    }

    // ------------------------------------------------------------------ train

    @Descriptor("train a model on a language, showing progress; prints the run id")
    public long train(
            @Descriptor("the run's seed") @Parameter(names = {"-s", "--seed"}, absentValue = "1") String seedText,
            @Descriptor("optimizer steps (same as training.steps=N)") @Parameter(names = {"-n", "--steps"},
                    absentValue = "0") int steps,
            @Descriptor("compute backend") @Parameter(names = {"-k", "--backend"}, absentValue = "cpu") String backend,
            @Descriptor("training condition (mle, adversarial, oracle, ...)") @Parameter(names = {"-c", "--condition"},
                    absentValue = "mle") String condition,
            @Descriptor("return at once and train in the background") @Parameter(names = {"-b", "--background"},
                    presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("measures, comma-separated (loss,b-ratio); +NAME adds to the defaults (loss, bayes-gap,"
                    + " rule-extrapolation)") @Parameter(names = {"-m", "--measures"}, absentValue = "") String measures,
            @Descriptor("language name, e.g. aNbN") String language,
            @Descriptor("model family name, e.g. transformer") String model,
            @Descriptor("settings: key=value for a model, language, training or evaluation key (dModel=32),"
                    + " or section.key=value (training.lr=1e-3)") String... settings) {
        long seed = Arguments.seed(seedText);
        Arguments.steps(steps);
        ExperimentService service = experiments();
        Map<String, ConfigSchema> schemas = new LinkedHashMap<>();
        schemas.put("language", catalog().language(language).parameters());
        schemas.put("model", catalog().modelFamily(model).hyperparameters());
        schemas.put("training", service.trainingSchema());
        schemas.put("evaluation", service.evaluationSchema());
        schemas.put("condition", catalog().condition(condition).parameters());
        List<String> assignments = new ArrayList<>(Arrays.asList(settings));
        if (steps > 0) {
            Arguments.stepsOnce(steps, assignments);
            assignments.add("training.steps=" + steps);
        }
        List<String> measureNames = TrainArguments.measures(measures);
        measureNames.forEach(catalog()::measure);
        RunSpec spec = TrainArguments.build(language, model, assignments, seed, backend, condition, measureNames, schemas);
        SizeHint.of(spec).ifPresent(out()::println);
        RunHandle handle = service.start(spec, p -> { });
        out().println("run " + handle.runId() + ": " + language + " / " + model + ", seed " + seed
                + (background ? " (in the background; nonid:runs shows it, nonid:cancel " + handle.runId() + " stops it)" : ""));
        if (!background) {
            RunOutcome outcome = new RunFollower(out(), RunFollower.headless(), catalog()).follow(handle, "run " + handle.runId());
            Summaries.print(out(), catalog(), handle.spec(), outcome);
            Arguments.requireFinished(outcome);
        }
        return handle.runId();
    }

    @Descriptor("fine-tune a recorded run's best model on a language (its vocabulary must be the parent's),"
            + " optionally reparametrised first; prints the run id")
    public long finetune(
            @Descriptor("the run's seed") @Parameter(names = {"-s", "--seed"}, absentValue = "1") String seedText,
            @Descriptor("optimizer steps (same as training.steps=N)") @Parameter(names = {"-n", "--steps"},
                    absentValue = "0") int steps,
            @Descriptor("compute backend (default: the parent's)") @Parameter(names = {"-k", "--backend"},
                    absentValue = "") String backend,
            @Descriptor("a reparametrisation applied to the parent's weights first (ffn-rescale, ...); its parameters"
                    + " as finetune.KEY=VALUE (finetune.alpha=10)") @Parameter(names = {"-r", "--reparametrisation"},
                    absentValue = "none") String reparametrisation,
            @Descriptor("return at once and train in the background") @Parameter(names = {"-b", "--background"},
                    presentValue = "true", absentValue = "false") boolean background,
            @Descriptor("the parent run's id") long parent,
            @Descriptor("language name, e.g. aNbNaN") String language,
            @Descriptor("settings: key=value or section.key=value (training.optimizer=sgd, finetune.alpha=10)")
            String... settings) {
        long seed = Arguments.seed(seedText);
        Arguments.steps(steps);
        ExperimentService service = experiments();
        RunSpec from = service.spec(parent);
        Map<String, ConfigSchema> schemas = new LinkedHashMap<>();
        schemas.put("language", catalog().language(language).parameters());
        schemas.put("training", service.trainingSchema());
        schemas.put("evaluation", service.evaluationSchema());
        schemas.put("condition", catalog().condition(from.condition()).parameters());
        schemas.put("finetune", reparametrisation.equals("none") ? ConfigSchema.empty()
                : catalog().reparametrisation(reparametrisation).parameters());
        List<String> assignments = new ArrayList<>(Arrays.asList(settings));
        if (steps > 0) {
            Arguments.stepsOnce(steps, assignments);
            assignments.add("training.steps=" + steps);
        }
        RunSpec given = TrainArguments.build(language, from.model(), assignments, seed,
                backend.isEmpty() ? from.backend() : backend, "mle", from.measures(), schemas);
        if (!given.modelParameters().isEmpty()) {
            throw new ConfigException("a fine-tuning run keeps its parent's model; model settings are not taken");
        }
        Map<String, Object> start = new LinkedHashMap<>(given.finetune());
        start.put("run", parent);
        start.put("reparametrisation", reparametrisation);
        RunSpec spec = new RunSpec("shell", 0, language, given.languageParameters(), from.model(), from.modelParameters(),
                given.training(), given.evaluation(), "mle", Map.of(), given.measures(), seed, given.backend(), start);
        RunHandle handle = service.start(spec, p -> { });
        out().println("run " + handle.runId() + ": fine-tunes run " + parent + " (" + from.model() + ") on " + language
                + (reparametrisation.equals("none") ? "" : " after " + reparametrisation) + ", seed " + seed
                + (background ? " (in the background)" : ""));
        if (!background) {
            RunOutcome outcome = new RunFollower(out(), RunFollower.headless(), catalog()).follow(handle, "run " + handle.runId());
            Summaries.print(out(), catalog(), handle.spec(), outcome);
            Arguments.requireFinished(outcome);
        }
        return handle.runId();
    }

    // ------------------------------------------------------------------ runs, show, cancel

    @Descriptor("list recorded runs with their condition and tags; filter and sort them")
    public void runs(
            @Descriptor("only runs of this experiment") @Parameter(names = {"-e", "--experiment"}, absentValue = "")
            String experiment,
            @Descriptor("filters key=value, comma-separated; keys: experiment, language, model, condition, status, tag")
            @Parameter(names = {"-f", "--filter"}, absentValue = "") String filter,
            @Descriptor("sort by id (default), experiment, trial, seed, language, model, condition, status, step, started,"
                    + " or a summary key such as best/test/loss") @Parameter(names = {"-s", "--sort"}, absentValue = "id")
            String sort,
            @Descriptor("reverse the order") @Parameter(names = {"-r", "--reverse"}, presentValue = "true",
                    absentValue = "false") boolean reverse) {
        Map<String, String> filters = RunListing.filters(filter);
        if (!experiment.isEmpty()) {
            filters.put("experiment", experiment);
        }
        out().print(RunListing.table(store(), r -> Settings.flatten(r, experiments()), catalog(), filters, sort, reverse));
    }

    @Descriptor("show a run: configuration, status, summary metrics")
    public void show(@Descriptor("run id") long run) {
        RunRecord r = store().run(run).orElseThrow(() -> new ConfigException("no run " + run));
        PrintStream out = out();
        out.println("run " + r.id() + "  " + r.experiment() + " trial " + r.trial() + "  seed " + r.seed());
        out.println("status:      " + r.status().label() + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"));
        out.println("started:     " + Formats.time(r.startedAt()) + (r.endedAt() == null ? "" : ", ended "
                + Formats.time(r.endedAt())));
        out.println("last step:   " + (r.lastStep() < 0 ? "-" : r.lastStep()));
        if (!store().tags(run).isEmpty()) {
            out.println("tags:        " + String.join(", ", store().tags(run)));
        }
        if (!store().note(run).isEmpty()) {
            out.println("note:        " + store().note(run));
        }
        Map<String, Double> parentSummary = store().summary(run);
        if (parentSummary.containsKey(RunMetrics.PARENT_RUN.key())) {
            Double change = parentSummary.get(RunMetrics.MAX_LOGIT_DIFFERENCE.key());
            out.println("parent:      run " + parentSummary.get(RunMetrics.PARENT_RUN.key()).longValue()
                    + (change == null ? "" : String.format(", reparametrised (largest log-probability change %.2g)", change)));
        }
        out.println("config:      " + r.configJson());
        out.println("environment: " + r.environmentJson());
        Map<String, Double> summary = store().summary(run);
        if (!summary.isEmpty()) {
            Table table = new Table("METRIC", "AT BEST VAL", "BEST OVER HISTORY");
            for (Map.Entry<String, Double> e : summary.entrySet()) {
                if (e.getKey().startsWith("best/")) {
                    String key = e.getKey().substring(5);
                    Double extreme = summary.containsKey("max/" + key) ? summary.get("max/" + key) : summary.get("min/" + key);
                    table.row(key, Table.number(e.getValue()), Table.number(extreme));
                }
            }
            out.println("summary (best validation loss " + Table.number(summary.get("min_val_loss")) + " at step "
                    + summary.getOrDefault("best_step", Double.NaN).longValue() + "):");
            out.print(table);
        }
    }

    @Descriptor("cancel a run of this runtime (it ends as cancelled at its next step), or an experiment's batch-system"
            + " jobs (their tasks' runs end as cancelled)")
    public void cancel(@Descriptor("a run id, or an experiment's name") String target) {
        if (!target.matches("\\d{1,18}")) {
            List<org.nonid.api.run.ClusterJob> jobs = store().jobs(target);
            if (jobs.isEmpty()) {
                throw new ConfigException("no run or submitted experiment '" + target + "' (nonid:jobs lists the jobs)");
            }
            for (org.nonid.api.run.ClusterJob job : jobs) {
                var executor = experiments().executors().get(job.executor());
                if (executor == null) {
                    throw new ConfigException("job " + job.jobId() + " of " + target + " ran on " + job.executor()
                            + ", which is not installed here");
                }
                executor.cancel(job);
                out().println(target + ": " + job.executor() + " job " + job.jobId() + " cancelled");
            }
            return;
        }
        long run = Long.parseLong(target);
        var handle = experiments().active(run);
        if (handle.isEmpty()) {
            RunRecord r = store().run(run).orElseThrow(() -> new ConfigException("no run " + run));
            throw new ConfigException("run " + run + " is " + r.status().label()
                    + (r.status() == RunStatus.RUNNING ? " in another process; it can be cancelled there" : ""));
        }
        handle.get().cancel();
        out().println("run " + run + ": cancel requested");
    }

    @Descriptor("compare runs side by side: every summary metric, and the settings in which they differ")
    public void compare(@Descriptor("run ids") long... runs) {
        if (runs.length < 1) {
            throw new ConfigException("give one or more run ids");
        }
        List<RunRecord> records = new ArrayList<>();
        for (long id : runs) {
            records.add(store().run(id).orElseThrow(() -> new ConfigException("no run " + id)));
        }
        out().print(Comparison.table(records, store(), experiments()));
    }

    // ------------------------------------------------------------------ complete

    @Descriptor("complete a prompt greedily with a run's best-validation model and check the rules")
    public void complete(
            @Descriptor("run id") long run,
            @Descriptor("prompt as symbols, e.g. \"b a a b\" or baab") String prompt) {
        try (LoadedRun loaded = experiments().load(run)) {
            FormalLanguage language = loaded.language();
            int[] symbols = language.vocabulary().parse(prompt);
            if (symbols.length == 0) {
                throw new ConfigException("the prompt is empty; give at least one symbol ("
                        + String.join(" ", language.vocabulary().symbols()) + ")");
            }
            for (int s : symbols) {
                if (s < 3) {
                    throw new ConfigException("a prompt holds symbols only, not " + language.vocabulary().name(s));
                }
            }
            Completion c = loaded.complete(List.of(symbols)).get(0);
            Vocabulary v = language.vocabulary();
            PrintStream out = out();
            out.println("prompt:      " + v.format(symbols));
            out.println("completion:  " + (c.completion().length == 0 ? "" : v.format(c.completion() ) + " ")
                    + (c.finished() ? "EOS" : "(no EOS within the token limit)"));
            int[] whole = c.whole();
            for (Rule rule : language.rules()) {
                out.println(rule.id() + " (" + rule.summary() + "): " + (rule.test(whole) ? "holds" : "broken"));
            }
            out.println("grammatical: " + (language.isGrammatical(whole) ? "yes" : "no"));
        }
    }
}
