package org.nonid.store;

import org.nonid.api.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nonid.api.run.ClusterJob;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;

/**
 * The run store in an SQL database (SQLite or PostgreSQL, {@link Dialect}). Every write is its own
 * transaction, so a killed process leaves everything written before it. At start-up, runs still
 * marked running whose process has ended are marked interrupted: a process of this host by its
 * pid, one of another host by its heartbeat where the database is shared ({@link #heartbeats}).
 */
public class JdbcRunStore implements RunStore, AutoCloseable {
    /** A running run whose last heartbeat is older than this has lost its process. */
    static final java.time.Duration HEARTBEAT_STALE = java.time.Duration.ofSeconds(90);

    private final Path dataDirectory;
    private final String location;
    private final Dialect dialect;
    private final Connection connection;
    private final String host;
    private final long pid;

    /**
     * A store on an open connection (the schema is created or upgraded under a lock).
     *
     * @param location where it is, as messages name it (a file, or a URL without its password)
     */
    JdbcRunStore(Path dataDirectory, String location, Dialect dialect, Connection connection) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.location = location;
        this.dialect = dialect;
        this.connection = connection;
        this.host = hostName();
        this.pid = ProcessHandle.current().pid();
        try {
            createSchema();
            markInterrupted();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            throw e instanceof SQLException ? cannotOpen(location, e) : (RuntimeException) e;
        }
    }

    /** The database's own words, on one line: "[SQLITE_NOTADB] File opened that is not a database file ...". */
    static IllegalStateException cannotOpen(String location, Exception e) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
        return new IllegalStateException("cannot open the run store " + location + ": " + message, e);
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                // processes that start together (a job array) create the tables one at a time
                connection.setAutoCommit(false);
                s.execute("SELECT pg_advisory_xact_lock(7345006)");
            }
            for (String sql : dialect.schema) {
                s.execute(sql);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
                rs.next();
                int rows = rs.getInt(1);
                int found = rs.getInt(2);
                if (rows == 0) {
                    s.execute("INSERT INTO schema_version (version) VALUES (" + Schema.VERSION + ")");
                } else if (found < Schema.VERSION) {
                    // the statements above created what the newer version adds
                    s.execute("UPDATE schema_version SET version = " + Schema.VERSION);
                } else if (found > Schema.VERSION) {
                    throw new IllegalStateException("run store " + location + ": schema version " + found
                            + " is newer than this NonID's (" + Schema.VERSION + "); use a newer NonID, or another "
                            + (dialect == Dialect.SQLITE ? "data folder (NONID_DATA)" : "store (NONID_STORE)"));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Where the store is, as messages name it. */
    public String location() {
        return location;
    }

    /** The store's connection, for {@link StoreCopy}, which holds the store's lock while it uses it. */
    Connection connection() {
        return connection;
    }

    Dialect dialect() {
        return dialect;
    }

    static Path resolveDirectory(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        String property = System.getProperty("nonid.data");
        return property != null && !property.isBlank() ? Paths.get(property) : Paths.get("data");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to save
        }
    }

    /** Runs left running by a process that has since ended. */
    private synchronized void markInterrupted() throws SQLException {
        List<String[]> stale = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT id, host, pid, started_at, " + aliveColumn()
                + " FROM runs WHERE status = 'running'" + (heartbeats() ? "" : " AND host = ?"))) {
            if (!heartbeats()) {
                q.setString(1, host);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (!live(rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)), rs.getString(5))) {
                        stale.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5)});
                    }
                }
            }
        }
        for (String[] run : stale) {
            long id = Long.parseLong(run[0]);
            long lastStep = lastStep(id);
            String why = run[1].equals(host) ? "its process (pid " + run[2] + " on " + run[1] + ") ended while it ran"
                    : "its process (pid " + run[2] + " on " + run[1] + ") sent no heartbeat since "
                    + (run[3] == null ? "it started" : run[3]);
            setStatus(id, RunStatus.INTERRUPTED, why + (lastStep >= 0 ? "; last recorded step " + lastStep : ""));
        }
    }

    /** Whether running runs of other hosts are watched by heartbeat (a database that several hosts share). */
    private boolean heartbeats() {
        return dialect == Dialect.POSTGRESQL;
    }

    private String aliveColumn() {
        return heartbeats() ? "alive_at" : "NULL";
    }

    /**
     * Whether the process that runs a run still lives: on this host by its pid, on another by a
     * heartbeat within {@link #HEARTBEAT_STALE} (where there are none, a run of another host counts as live).
     */
    private boolean live(String runHost, long runPid, Instant started, String aliveAt) {
        if (runHost.equals(host)) {
            return processAlive(runPid, started);
        }
        if (!heartbeats()) {
            return true;
        }
        Instant last = aliveAt == null ? started : Instant.parse(aliveAt);
        return last.isAfter(Instant.now().minus(HEARTBEAT_STALE));
    }

    /** Tells other hosts that this process's running runs still run; the component calls it every 22 s. */
    public synchronized void heartbeat() {
        if (!heartbeats()) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE runs SET alive_at = ? WHERE status = 'running' AND host = ? AND pid = ?")) {
            s.setString(1, Instant.now().toString());
            s.setString(2, host);
            s.setLong(3, pid);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("record this process's heartbeat", e);
        }
    }

    /** Whether the process that started a run still lives (a reused pid started later is another process). */
    private static boolean processAlive(long processId, Instant runStarted) {
        Optional<ProcessHandle> handle = ProcessHandle.of(processId);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Optional<Instant> processStart = handle.get().info().startInstant();
        return processStart.isEmpty() || !processStart.get().isAfter(runStarted);
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized long createRun(NewRun run) {
        try {
            return insertRun(run);
        } catch (SQLException e) {
            throw failure("record a new run", e);
        }
    }

    @Override
    public synchronized java.util.OptionalLong claimTrial(NewRun run, boolean unlessFinished) {
        try {
            lockTrial(run);
            boolean done = false;
            try {
                boolean taken = false;
                try (PreparedStatement q = connection.prepareStatement("SELECT status, host, pid, started_at, "
                        + aliveColumn() + " FROM runs WHERE experiment = ? AND trial = ? AND status IN ('running', 'finished')")) {
                    q.setString(1, run.experiment());
                    q.setInt(2, run.trial());
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next() && !taken) {
                            boolean finished = rs.getString(1).equals(RunStatus.FINISHED.label());
                            taken = finished ? unlessFinished
                                    : live(rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)), rs.getString(5));
                        }
                    }
                }
                if (taken) {
                    endClaim(false);
                    done = true;
                    return java.util.OptionalLong.empty();
                }
                long id = insertRun(run);
                endClaim(true);
                done = true;
                return java.util.OptionalLong.of(id);
            } finally {
                if (!done) {
                    endClaim(false);
                }
            }
        } catch (SQLException e) {
            throw failure("claim trial " + run.trial() + " of " + run.experiment(), e);
        }
    }

    /** Begins a transaction in which no other process claims this trial: the check and the insert see no claim between. */
    private void lockTrial(NewRun run) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            // IMMEDIATE takes the write lock first
            connection.setAutoCommit(true);
            try (Statement begin = connection.createStatement()) {
                begin.execute("BEGIN IMMEDIATE");
            }
        } else {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, run.experiment() + "#" + run.trial());
                lock.executeQuery().close();
            }
        }
    }

    private void endClaim(boolean commit) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement end = connection.createStatement()) {
                end.execute(commit ? "COMMIT" : "ROLLBACK");
            }
        } else {
            try {
                if (commit) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private long insertRun(NewRun run) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO runs (experiment, trial, seed, language, model,"
                + " backend, status, config, environment, host, pid, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, run.experiment());
            s.setInt(2, run.trial());
            s.setLong(3, run.seed());
            s.setString(4, run.language());
            s.setString(5, run.model());
            s.setString(6, run.backend());
            s.setString(7, RunStatus.RUNNING.label());
            s.setString(8, run.configJson());
            s.setString(9, run.environmentJson());
            s.setString(10, host);
            s.setLong(11, pid);
            s.setString(12, Instant.now().toString());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Override
    public synchronized void setStatus(long runId, RunStatus status, String reason) {
        try (PreparedStatement s = connection.prepareStatement(
                "UPDATE runs SET status = ?, reason = ?, ended_at = ? WHERE id = ?")) {
            s.setString(1, status.label());
            s.setString(2, reason == null ? "" : reason);
            s.setString(3, status.isTerminal() ? Instant.now().toString() : null);
            s.setLong(4, runId);
            if (s.executeUpdate() == 0) {
                throw new ConfigException("no run " + runId);
            }
        } catch (SQLException e) {
            throw failure("set the status of run " + runId, e);
        }
    }

    @Override
    public synchronized void appendMetrics(long runId, long step, Map<String, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        inTransaction("record metrics of run " + runId, () -> {
            try (PreparedStatement s = connection.prepareStatement(
                    "INSERT INTO metrics (run_id, step, key, value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.setString(3, e.getKey());
                    setReal(s, 4, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
        });
    }

    @Override
    public synchronized void putSummary(long runId, Map<String, Double> summary) {
        inTransaction("record the summary of run " + runId, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM summaries WHERE run_id = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO summaries (run_id, key, value) VALUES (?, ?, ?)")) {
                delete.setLong(1, runId);
                delete.executeUpdate();
                for (Map.Entry<String, Double> e : summary.entrySet()) {
                    insert.setLong(1, runId);
                    insert.setString(2, e.getKey());
                    setReal(insert, 3, e.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Statements that commit together or not at all. */
    private interface SqlWork {
        void run() throws SQLException;
    }

    private void inTransaction(String what, SqlWork work) {
        try {
            connection.setAutoCommit(false);
            work.run();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure(what, e);
        } finally {
            autoCommit();
        }
    }

    @Override
    public synchronized void putArtifact(long runId, String name, byte[] data) {
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO artifacts (run_id, name, data) VALUES (?, ?, ?)"
                + " ON CONFLICT (run_id, name) DO UPDATE SET data = excluded.data")) {
            s.setLong(1, runId);
            s.setString(2, name);
            s.setBytes(3, data);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("store artifact " + name + " of run " + runId, e);
        }
    }

    @Override
    public synchronized Optional<byte[]> artifact(long runId, String name) {
        try (PreparedStatement s = connection.prepareStatement("SELECT data FROM artifacts WHERE run_id = ? AND name = ?")) {
            s.setLong(1, runId);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read artifact " + name + " of run " + runId, e);
        }
    }

    private static final String RUN_COLUMNS = "id, experiment, trial, seed, language, model, backend, status, reason,"
            + " config, environment, started_at, ended_at,"
            + " (SELECT MAX(step) FROM metrics m WHERE m.run_id = runs.id)";

    @Override
    public synchronized Optional<RunRecord> run(long runId) {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(record(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read run " + runId, e);
        }
    }

    @Override
    public synchronized List<RunRecord> runs() {
        List<RunRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY id")) {
            while (rs.next()) {
                out.add(record(rs));
            }
        } catch (SQLException e) {
            throw failure("list runs", e);
        }
        return out;
    }

    private static RunRecord record(ResultSet rs) throws SQLException {
        String ended = rs.getString(13);
        Object maxStep = rs.getObject(14);
        long lastStep = maxStep == null ? -1 : ((Number) maxStep).longValue();
        return new RunRecord(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), RunStatus.ofLabel(rs.getString(8)), rs.getString(9), rs.getString(10),
                rs.getString(11), Instant.parse(rs.getString(12)), ended == null ? null : Instant.parse(ended), lastStep);
    }

    private synchronized long lastStep(long runId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT MAX(step) FROM metrics WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                Object step = rs.next() ? rs.getObject(1) : null;
                return step == null ? -1 : ((Number) step).longValue();
            }
        }
    }

    @Override
    public synchronized List<MetricPoint> history(long runId) {
        List<MetricPoint> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT step, key, value FROM metrics WHERE run_id = ? ORDER BY step, " + dialect.insertionOrder)) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricPoint(rs.getLong(1), rs.getString(2), real(rs, 3)));
                }
            }
        } catch (SQLException e) {
            throw failure("read the history of run " + runId, e);
        }
        return out;
    }

    @Override
    public synchronized Map<String, Double> summary(long runId) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT key, value FROM summaries WHERE run_id = ? ORDER BY " + dialect.insertionOrder)) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), real(rs, 2));
                }
            }
        } catch (SQLException e) {
            throw failure("read the summary of run " + runId, e);
        }
        return out;
    }

    @Override
    public synchronized void putExperiment(ExperimentRecord e) {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO experiments"
                + " (name, source, spec, overrides, trials, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, e.name());
            s.setString(2, e.source());
            s.setString(3, e.text());
            s.setString(4, String.join("\n", e.overrides()));
            s.setInt(5, e.trials());
            s.setString(6, e.createdAt().toString());
            s.executeUpdate();
        } catch (SQLException ex) {
            throw failure("record experiment " + e.name(), ex);
        }
    }

    @Override
    public synchronized Optional<ExperimentRecord> experiment(String name) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT name, source, spec, overrides, trials, created_at FROM experiments WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(experimentRecord(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read experiment " + name, e);
        }
    }

    @Override
    public synchronized List<ExperimentRecord> experiments() {
        List<ExperimentRecord> out = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT name, source, spec, overrides, trials, created_at FROM experiments ORDER BY created_at")) {
            while (rs.next()) {
                out.add(experimentRecord(rs));
            }
        } catch (SQLException e) {
            throw failure("list experiments", e);
        }
        return out;
    }

    private static ExperimentRecord experimentRecord(ResultSet rs) throws SQLException {
        String overrides = rs.getString(4);
        return new ExperimentRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                overrides.isEmpty() ? List.of() : List.of(overrides.split("\n")), rs.getInt(5),
                Instant.parse(rs.getString(6)));
    }

    /** A REAL column, NaN for NULL. */
    private static double real(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static void setReal(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null || !Double.isFinite(value)) {
            s.setNull(index, java.sql.Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is reported
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next statement reports a broken connection
        }
    }

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    @Override
    public synchronized void tag(long runId, Collection<String> tags) {
        requireRun(runId);
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + tag + "' is not a tag: a tag is a word of letters, digits and"
                        + " - _ . : (at most 64)");
            }
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO tags (run_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String tag : tags) {
                s.setLong(1, runId);
                s.setString(2, tag);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("tag run " + runId, e);
        }
    }

    @Override
    public synchronized void untag(long runId, Collection<String> tags) {
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM tags WHERE run_id = ? AND tag = ?")) {
            for (String tag : tags) {
                s.setLong(1, runId);
                s.setString(2, tag);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("untag run " + runId, e);
        }
    }

    @Override
    public synchronized SortedSet<String> tags(long runId) {
        SortedSet<String> out = new TreeSet<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT tag FROM tags WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("read the tags of run " + runId, e);
        }
        return Collections.unmodifiableSortedSet(out);
    }

    @Override
    public synchronized void setNote(long runId, String note) {
        requireRun(runId);
        String text = note == null ? "" : note.strip();
        try (PreparedStatement s = connection.prepareStatement(text.isEmpty() ? "DELETE FROM notes WHERE run_id = ?"
                : "INSERT INTO notes (run_id, note) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET note = excluded.note")) {
            s.setLong(1, runId);
            if (!text.isEmpty()) {
                s.setString(2, text);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("set the note of run " + runId, e);
        }
    }

    @Override
    public synchronized String note(long runId) {
        try (PreparedStatement s = connection.prepareStatement("SELECT note FROM notes WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (SQLException e) {
            throw failure("read the note of run " + runId, e);
        }
    }

    @Override
    public synchronized void deleteRun(long runId) {
        RunRecord run = requireRun(runId);
        if (run.status() == RunStatus.RUNNING) {
            throw new IllegalStateException("run " + runId + " is running: cancel it first (nonid:cancel " + runId + ")");
        }
        inTransaction("delete run " + runId, () -> deleteRows(runId));
    }

    @Override
    public synchronized int deleteExperiment(String name) {
        if (experiment(name).isEmpty()) {
            throw new IllegalArgumentException("no experiment '" + name + "'");
        }
        List<RunRecord> runs = runs().stream().filter(r -> r.experiment().equals(name)).toList();
        List<Long> running = runs.stream().filter(r -> r.status() == RunStatus.RUNNING).map(RunRecord::id).toList();
        if (!running.isEmpty()) {
            throw new IllegalStateException("experiment '" + name + "' has running runs " + running
                    + ": cancel them first; nothing was deleted");
        }
        inTransaction("delete experiment " + name, () -> {
            for (RunRecord r : runs) {
                deleteRows(r.id());
            }
            for (String table : List.of("experiments", "jobs")) {
                try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + table + " WHERE "
                        + (table.equals("jobs") ? "experiment" : "name") + " = ?")) {
                    s.setString(1, name);
                    s.executeUpdate();
                }
            }
        });
        return runs.size();
    }

    private void deleteRows(long runId) throws SQLException {
        for (String table : List.of("metrics", "summaries", "artifacts", "tags", "notes")) {
            try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                s.setLong(1, runId);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM runs WHERE id = ?")) {
            s.setLong(1, runId);
            s.executeUpdate();
        }
    }

    @Override
    public synchronized void putJob(ClusterJob job) {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO jobs (experiment, executor, job_id, trials,"
                + " submitted_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, job.experiment());
            s.setString(2, job.executor());
            s.setString(3, job.jobId());
            s.setString(4, String.join(",", job.trials().stream().map(String::valueOf).toList()));
            s.setString(5, job.submittedAt().toString());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("record job " + job.jobId() + " of " + job.experiment(), e);
        }
    }

    @Override
    public synchronized List<ClusterJob> jobs(String experiment) {
        List<ClusterJob> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT experiment, executor, job_id, trials, submitted_at"
                + " FROM jobs WHERE experiment = ? ORDER BY submitted_at")) {
            s.setString(1, experiment);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<Integer> trials = rs.getString(4).isEmpty() ? List.of()
                            : java.util.Arrays.stream(rs.getString(4).split(",")).map(Integer::valueOf).toList();
                    out.add(new ClusterJob(rs.getString(1), rs.getString(2), rs.getString(3), trials,
                            Instant.parse(rs.getString(5))));
                }
            }
        } catch (SQLException e) {
            throw failure("read the jobs of " + experiment, e);
        }
        return out;
    }

    private RunRecord requireRun(long runId) {
        return run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("run store (" + location + "): could not " + what + ": " + e.getMessage(), e);
    }
}
