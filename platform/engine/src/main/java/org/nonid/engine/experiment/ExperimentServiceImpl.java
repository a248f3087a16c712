package org.nonid.engine.experiment;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.ImportedExperiment;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.ClusterJob;
import org.nonid.api.run.ClusterExecutor;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunRecords;
import org.nonid.api.run.TrialListener;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.ProgressListener;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStore;
import org.nonid.api.run.UnknownPluginException;
import org.nonid.engine.training.EvaluationSettings;
import org.nonid.engine.training.TrainingSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs experiments: validates each run against the installed plugins before anything is
 * allocated, records it, and trains it on a worker thread.
 */
@Component(service = ExperimentService.class, configurationPid = "org.nonid.engine")
@Designate(ocd = ExperimentServiceImpl.Config.class)
public final class ExperimentServiceImpl implements ExperimentService {

    @ObjectClassDefinition(name = "NonID engine", description = "How runs are executed")
    public @interface Config {
        @AttributeDefinition(description = "Runs trained at the same time; 0 = one per processor")
        int parallelRuns() default 0;
    }

    private final PluginCatalog catalog;
    private final RunStore store;
    private final Map<Long, ActiveRun> active = new ConcurrentSkipListMap<>();
    private ExecutorService executor;

    /** Where run lifecycle events go (RunEvents), when the framework has Event Admin. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ExperimentServiceImpl(@Reference PluginCatalog catalog, @Reference RunStore store, Config config) {
        this(catalog, store, config.parallelRuns());
    }

    /** Outside a framework; {@code parallelRuns} 0 means one per processor. */
    public ExperimentServiceImpl(PluginCatalog catalog, RunStore store, int parallelRuns) {
        this.catalog = catalog;
        this.store = store;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "nonid-run-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        int workers = parallelRuns > 0 ? parallelRuns : Runtime.getRuntime().availableProcessors();
        this.executor = Executors.newFixedThreadPool(workers, threads);
    }

    @Deactivate
    public void close() {
        for (ActiveRun run : active.values()) {
            run.cancel();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    @Override
    public ExperimentPlan plan(String text, String source, List<String> overrides) {
        ExperimentPlan plan = ExperimentFile.parse(text, source, overrides);
        // every trial is checked before any error is shown, so that a file's problems come in one message
        java.util.Set<String> problems = new java.util.LinkedHashSet<>();
        java.util.Set<String> families = new java.util.LinkedHashSet<>();
        UnknownPluginException unknownPlugin = null;
        for (RunSpec spec : plan.runs()) {
            families.add(spec.model());
            try {
                validate(spec);
            } catch (UnknownPluginException e) {
                unknownPlugin = unknownPlugin == null ? e : unknownPlugin;
                problems.add(e.getMessage());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (problems.size() == 1 && unknownPlugin != null) {
            throw unknownPlugin;
        }
        if (!problems.isEmpty()) {
            if (families.size() > 1 && problems.stream().anyMatch(p -> p.startsWith("unknown key 'model."))) {
                problems.add("model keys outside a family's own entry apply to every family of the experiment;"
                        + " to set one for a single family, scope it: model.FAMILY.KEY (e.g. model.lstm.hidden=64)");
            }
            throw new ConfigException(new ArrayList<>(problems));
        }
        return plan;
    }

    @Override
    public ExperimentPlan register(String text, String source, List<String> overrides) {
        ExperimentPlan plan = plan(text, source, overrides);
        Optional<ExperimentRecord> existing = store.experiment(plan.name());
        if (existing.isEmpty()) {
            store.putExperiment(new ExperimentRecord(plan.name(), source, text, overrides, plan.runs().size(), Instant.now()));
        } else {
            ExperimentRecord before = existing.get();
            List<RunSpec> recorded = ExperimentFile.parse(before.text(), before.source(), before.overrides()).runs();
            if (!recorded.equals(plan.runs())) {
                throw new ConfigException("experiment '" + plan.name() + "' is recorded with another spec (from "
                        + before.source() + ", " + before.createdAt() + "): resume it with nonid:resume " + plan.name()
                        + ", or give this one another name (name=... on the command line)");
            }
        }
        return plan;
    }

    @Override
    public ExperimentPlan replan(String experiment) {
        ExperimentRecord r = store.experiment(experiment).orElseThrow(() -> new ConfigException(
                "no experiment '" + experiment + "'; recorded: " + (store.experiments().isEmpty() ? "(none)"
                        : String.join(", ", store.experiments().stream().map(ExperimentRecord::name).toList()))));
        return plan(r.text(), r.source(), r.overrides());
    }

    @Override
    public ImportedExperiment importFile(java.nio.file.Path file, List<String> overrides, int seeds)
            throws java.io.IOException {
        if (seeds < 1) {
            throw new ConfigException("seeds = " + seeds + ": at least 1");
        }
        ImportedExperiment imported = AuthorsImport.translate(file, overrides, seeds, this::trainingSetSize);
        try {
            plan(imported.text(), file.getFileName().toString(), List.of());
        } catch (ConfigException e) {
            List<String> problems = new ArrayList<>();
            problems.add("the translation of " + file.getFileName() + " does not plan:");
            problems.addAll(e.problems());
            throw new ConfigException(problems);
        }
        return imported;
    }

    /** The number of training sequences of a language section: name and parameters. */
    private int trainingSetSize(Map<String, Object> section) {
        Map<String, Object> parameters = new LinkedHashMap<>(section);
        Object name = parameters.remove("name");
        org.nonid.api.language.Language language = catalog.language(String.valueOf(name));
        return language.create(language.parameters().resolve("language", parameters))
                .datasets(org.nonid.api.random.Seeds.stream(1, "data")).train().size();
    }

    @Override
    public void validate(RunSpec spec) {
        ResolvedRun.resolve(spec, catalog);
    }

    @Override
    public RunHandle start(RunSpec spec, ProgressListener listener) {
        ResolvedRun run = ResolvedRun.resolve(spec, catalog);
        return launch(run, store.createRun(newRun(run)), listener);
    }

    @Override
    public Optional<RunHandle> startTrial(RunSpec spec, boolean unlessFinished, ProgressListener listener) {
        ResolvedRun run = ResolvedRun.resolve(spec, catalog);
        java.util.OptionalLong claimed = store.claimTrial(newRun(run), unlessFinished);
        return claimed.isPresent() ? Optional.of(launch(run, claimed.getAsLong(), listener)) : Optional.empty();
    }

    @Override
    public ExperimentResult runTrials(ExperimentPlan plan, List<Integer> trials, int jobs, boolean resuming,
                                      TrialListener listener) {
        return new TrialScheduler((spec, unlessFinished) -> startTrial(spec, unlessFinished, ProgressListener.NONE))
                .run(plan, trials, jobs, resuming, listener);
    }

    private final Map<String, ClusterExecutor> executors = new java.util.concurrent.ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addExecutor(ClusterExecutor executor) {
        executors.putIfAbsent(executor.name(), executor);
    }

    void removeExecutor(ClusterExecutor executor) {
        executors.remove(executor.name(), executor);
    }

    @Override
    public Map<String, ClusterExecutor> executors() {
        return Map.copyOf(executors);
    }

    @Override
    public ClusterJob submit(String executorName, String text, String source, List<String> overrides,
                             boolean onlyUnfinished) {
        ClusterExecutor executor = executors.get(executorName);
        if (executor == null) {
            throw new ConfigException(org.nonid.api.config.UnknownName.message("executor", executorName,
                    List.copyOf(executors.keySet())));
        }
        executor.unavailable().ifPresent(why -> {
            throw new ConfigException(executorName + " cannot submit from here: " + why);
        });
        ExperimentPlan plan = plan(text, source, overrides);
        executor.check(plan, ExperimentFile.cluster(text, source, overrides));
        List<Integer> trials = new ArrayList<>();
        if (onlyUnfinished && store.experiment(plan.name()).isPresent()) {
            trials.addAll(unfinishedTrials(plan));
        } else {
            for (int i = 0; i < plan.runs().size(); i++) {
                trials.add(i);
            }
        }
        if (trials.isEmpty()) {
            throw new ConfigException("experiment " + plan.name() + ": every trial has finished; nothing to submit");
        }
        register(text, source, overrides);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("NONID_DATA", store.dataDirectory().toString());
        String shared = System.getProperty("nonid.store", "");
        if (!shared.isBlank()) {
            environment.put("NONID_STORE", shared);
        }
        ClusterJob job = executor.submit(plan, trials, ExperimentFile.cluster(text, source, overrides), environment);
        store.putJob(job);
        return job;
    }

    @Override
    public ClusterJob submitUnfinished(String executor, String experiment) {
        ExperimentRecord r = store.experiment(experiment).orElseThrow(() -> new ConfigException(
                "no experiment '" + experiment + "'; recorded: " + (store.experiments().isEmpty() ? "(none)"
                        : String.join(", ", store.experiments().stream().map(ExperimentRecord::name).toList()))));
        return submit(executor, r.text(), r.source(), r.overrides(), true);
    }

    @Override
    public List<Integer> unfinishedTrials(ExperimentPlan plan) {
        Map<Integer, RunRecord> finished = RunRecords.latestFinishedByTrial(store.runs(), plan.name());
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < plan.runs().size(); i++) {
            if (!finished.containsKey(i)) {
                pending.add(i);
            }
        }
        return pending;
    }

    private NewRun newRun(ResolvedRun run) {
        RunSpec spec = run.spec();
        return new NewRun(spec.experiment(), spec.trial(), spec.seed(), spec.language(), spec.model(), spec.backend(),
                RunConfigurations.write(run), RunConfigurations.json(environment(run)));
    }

    private RunHandle launch(ResolvedRun run, long runId, ProgressListener listener) {
        RunSpec spec = run.spec();
        ActiveRun handle = new ActiveRun(runId, spec);
        active.put(runId, handle);
        executor.execute(new RunExecution(run, handle, store, listener, new RunEventPoster(() -> events), () ->
                active.remove(runId)));
        return handle;
    }

    private Map<String, Object> environment(ResolvedRun run) {
        Map<String, Object> env = new LinkedHashMap<>();
        Map<String, Object> bundles = new LinkedHashMap<>();
        bundles.put("language", bundle(PluginKind.LANGUAGE, run.spec().language()));
        bundles.put("model", bundle(PluginKind.MODEL, run.spec().model()));
        bundles.put("backend", bundle(PluginKind.BACKEND, run.spec().backend()));
        bundles.put("condition", bundle(PluginKind.CONDITION, run.spec().condition()));
        List<String> measures = new ArrayList<>();
        for (String m : run.spec().measures()) {
            measures.add(bundle(PluginKind.MEASURE, m));
        }
        bundles.put("measures", measures);
        env.put("bundles", bundles);
        env.put("backendFacts", run.backend().facts());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("host", hostName());
        env.put("pid", ProcessHandle.current().pid());
        String revision = System.getProperty("nonid.git.revision");
        if (revision != null && !revision.isBlank()) {
            env.put("gitRevision", revision);
        }
        env.put("jvmArguments", JvmArguments.redacted(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        BatchTask.of(System.getenv()).ifPresent(task -> env.put("batch", task));
        return env;
    }

    private String bundle(PluginKind kind, String name) {
        PluginInfo info = catalog.info(kind, name);
        return info.bundle() + " " + info.bundleVersion();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public List<RunHandle> active() {
        return new ArrayList<>(active.values());
    }

    @Override
    public Optional<RunHandle> active(long runId) {
        return Optional.ofNullable(active.get(runId));
    }

    @Override
    public LoadedRun load(long runId) {
        return StoredRuns.load(runId, store, catalog);
    }

    @Override
    public RunSpec spec(long runId) {
        return RunConfigurations.read(store.run(runId).orElseThrow(() -> new ConfigException("no run " + runId)));
    }

    @Override
    public ConfigSchema trainingSchema() {
        return TrainingSettings.SCHEMA;
    }

    @Override
    public ConfigSchema evaluationSchema() {
        return EvaluationSettings.SCHEMA;
    }
}
