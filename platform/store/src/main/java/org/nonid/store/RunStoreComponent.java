package org.nonid.store;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The run store service: the PostgreSQL store its configuration's {@code url} or {@code NONID_STORE}
 * (system property {@code nonid.store}) names, else the SQLite store of the data folder. A store
 * that cannot be opened (a file that is no database, a newer schema, a server that cannot be reached
 * or refuses) does not fail the component with a stack trace: every use fails with the one line that
 * says why, so a command shows the reason and the shell goes on.
 */
@Component(service = RunStore.class, configurationPid = "org.nonid.store")
@Designate(ocd = RunStoreComponent.Config.class)
public final class RunStoreComponent implements RunStore {

    @ObjectClassDefinition(name = "NonID run store", description = "Where runs are recorded")
    public @interface Config {
        @AttributeDefinition(description = "Data folder; empty means the nonid.data system property, else ./data")
        String dataDirectory() default "";

        @AttributeDefinition(description = "A PostgreSQL store, postgresql://USER:PASSWORD@HOST:PORT/DATABASE; empty"
                + " means NONID_STORE (the nonid.store system property), else SQLite in the data folder")
        String url() default "";
    }

    private final Path dataDirectory;
    private final JdbcRunStore store;
    private final String problem;
    private final java.util.concurrent.ScheduledExecutorService heartbeats;

    @Activate
    public RunStoreComponent(Config config) {
        this(JdbcRunStore.resolveDirectory(config.dataDirectory()),
                config.url().isBlank() ? System.getProperty("nonid.store", "") : config.url());
    }

    RunStoreComponent(Path dataDirectory) {
        this(dataDirectory, "");
    }

    RunStoreComponent(Path dataDirectory, String url) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        JdbcRunStore opened = null;
        String failure = null;
        try {
            opened = url.isBlank() ? new SqliteRunStore(dataDirectory) : PostgresRunStore.open(url, dataDirectory);
        } catch (IllegalStateException | IllegalArgumentException e) {
            failure = e.getMessage();
        }
        this.store = opened;
        this.problem = failure;
        if (opened instanceof PostgresRunStore shared) {
            long every = JdbcRunStore.HEARTBEAT_STALE.toSeconds() / 4;
            heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nonid-store-heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeats.scheduleWithFixedDelay(() -> {
                try {
                    shared.heartbeat();
                } catch (RuntimeException e) {
                    // the server is away for now: the next beat tries again, and runs say so when they write
                }
            }, every, every, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            heartbeats = null;
        }
    }

    private JdbcRunStore store() {
        if (store == null) {
            throw new ConfigException(problem);
        }
        return store;
    }

    @Deactivate
    void close() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public long createRun(NewRun run) {
        return store().createRun(run);
    }

    @Override
    public void setStatus(long runId, RunStatus status, String reason) {
        store().setStatus(runId, status, reason);
    }

    @Override
    public void appendMetrics(long runId, long step, Map<String, Double> values) {
        store().appendMetrics(runId, step, values);
    }

    @Override
    public void putSummary(long runId, Map<String, Double> summary) {
        store().putSummary(runId, summary);
    }

    @Override
    public void putArtifact(long runId, String name, byte[] data) {
        store().putArtifact(runId, name, data);
    }

    @Override
    public Optional<byte[]> artifact(long runId, String name) {
        return store().artifact(runId, name);
    }

    @Override
    public Optional<RunRecord> run(long runId) {
        return store().run(runId);
    }

    @Override
    public List<RunRecord> runs() {
        return store().runs();
    }

    @Override
    public List<MetricPoint> history(long runId) {
        return store().history(runId);
    }

    @Override
    public Map<String, Double> summary(long runId) {
        return store().summary(runId);
    }

    @Override
    public void putExperiment(ExperimentRecord experiment) {
        store().putExperiment(experiment);
    }

    @Override
    public Optional<ExperimentRecord> experiment(String name) {
        return store().experiment(name);
    }

    @Override
    public List<ExperimentRecord> experiments() {
        return store().experiments();
    }

    @Override
    public java.util.OptionalLong claimTrial(NewRun run, boolean unlessFinished) {
        return store().claimTrial(run, unlessFinished);
    }

    @Override
    public void tag(long runId, Collection<String> tags) {
        store().tag(runId, tags);
    }

    @Override
    public void untag(long runId, Collection<String> tags) {
        store().untag(runId, tags);
    }

    @Override
    public SortedSet<String> tags(long runId) {
        return store().tags(runId);
    }

    @Override
    public void setNote(long runId, String note) {
        store().setNote(runId, note);
    }

    @Override
    public String note(long runId) {
        return store().note(runId);
    }

    @Override
    public void deleteRun(long runId) {
        store().deleteRun(runId);
    }

    @Override
    public int deleteExperiment(String name) {
        return store().deleteExperiment(name);
    }

    @Override
    public void putJob(org.nonid.api.run.ClusterJob job) {
        store().putJob(job);
    }

    @Override
    public List<org.nonid.api.run.ClusterJob> jobs(String experiment) {
        return store().jobs(experiment);
    }
}
