package org.nonid.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies experiments from one store into another (SQLite into PostgreSQL, or back): each
 * experiment's record and its runs with their status, times, history, summary, artifacts, tags and
 * note, under new run ids, one experiment per transaction. An experiment the target has already is
 * left out (copying twice duplicates nothing), and so is a run still running.
 */
final class StoreCopy {

    /** What was copied and what was left out, and why. */
    record Result(List<String> experiments, int runs, long metricValues, int artifacts, List<String> leftOut) {
    }

    private StoreCopy() {
    }

    static Result copy(JdbcRunStore from, JdbcRunStore to) {
        if (from.location().equals(to.location())) {
            throw new IllegalArgumentException("the stores are one: " + from.location());
        }
        synchronized (from) {
            synchronized (to) {
                try {
                    return copy(from.connection(), from.dialect(), to.connection(), to.dialect());
                } catch (SQLException e) {
                    throw new IllegalStateException("could not copy from " + from.location() + " to " + to.location() + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    private static Result copy(Connection src, Dialect srcDialect, Connection dst, Dialect dstDialect) throws SQLException {
        Set<String> names = new LinkedHashSet<>(strings(src, "SELECT name FROM experiments ORDER BY created_at"));
        names.addAll(strings(src, "SELECT DISTINCT experiment FROM runs ORDER BY experiment"));
        List<String> copied = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        int runs = 0;
        long values = 0;
        int artifacts = 0;
        for (String name : names) {
            if (exists(dst, "SELECT 1 FROM experiments WHERE name = ?", name)
                    || exists(dst, "SELECT 1 FROM runs WHERE experiment = ?", name)) {
                leftOut.add("experiment " + name + ": the target has it already");
                continue;
            }
            dst.setAutoCommit(false);
            try {
                copyRows(src, dst, "SELECT name, source, spec, overrides, trials, created_at FROM experiments WHERE name = ?",
                        "INSERT INTO experiments (name, source, spec, overrides, trials, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        name);
                try (PreparedStatement q = src.prepareStatement("SELECT id, experiment, trial, seed, language, model, backend,"
                        + " status, reason, config, environment, host, pid, started_at, ended_at FROM runs"
                        + " WHERE experiment = ? ORDER BY id")) {
                    q.setString(1, name);
                    try (ResultSet run = q.executeQuery()) {
                        while (run.next()) {
                            long oldId = run.getLong(1);
                            if (run.getString(8).equals("running")) {
                                leftOut.add("run " + oldId + " of " + name + ": still running");
                                continue;
                            }
                            long newId = insertRun(dst, run);
                            values += copyRows(src, dst, "SELECT " + newId + ", step, key, value FROM metrics WHERE run_id = ?"
                                    + " ORDER BY step, " + srcDialect.insertionOrder,
                                    "INSERT INTO metrics (run_id, step, key, value) VALUES (?, ?, ?, ?)", oldId);
                            copyRows(src, dst, "SELECT " + newId + ", key, value FROM summaries WHERE run_id = ? ORDER BY "
                                    + srcDialect.insertionOrder, "INSERT INTO summaries (run_id, key, value) VALUES (?, ?, ?)", oldId);
                            artifacts += copyRows(src, dst, "SELECT " + newId + ", name, data FROM artifacts WHERE run_id = ?",
                                    "INSERT INTO artifacts (run_id, name, data) VALUES (?, ?, ?)", oldId);
                            copyRows(src, dst, "SELECT " + newId + ", tag FROM tags WHERE run_id = ?",
                                    "INSERT INTO tags (run_id, tag) VALUES (?, ?)", oldId);
                            copyRows(src, dst, "SELECT " + newId + ", note FROM notes WHERE run_id = ?",
                                    "INSERT INTO notes (run_id, note) VALUES (?, ?)", oldId);
                            runs++;
                        }
                    }
                }
                dst.commit();
                copied.add(name);
            } catch (SQLException | RuntimeException e) {
                dst.rollback();
                throw e;
            } finally {
                dst.setAutoCommit(true);
            }
        }
        return new Result(copied, runs, values, artifacts, leftOut);
    }

    private static long insertRun(Connection dst, ResultSet run) throws SQLException {
        try (PreparedStatement s = dst.prepareStatement("INSERT INTO runs (experiment, trial, seed, language, model, backend,"
                + " status, reason, config, environment, host, pid, started_at, ended_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int c = 2; c <= 15; c++) {
                bind(s, c - 1, run.getObject(c));
            }
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Copies the rows a query selects (its one parameter bound to {@code key}) with an insert of as many columns. */
    private static int copyRows(Connection src, Connection dst, String select, String insert, Object key) throws SQLException {
        int rows = 0;
        try (PreparedStatement q = src.prepareStatement(select); PreparedStatement s = dst.prepareStatement(insert)) {
            q.setObject(1, key);
            try (ResultSet rs = q.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int c = 1; c <= columns; c++) {
                        bind(s, c, rs.getObject(c));
                    }
                    s.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                s.executeBatch();
            }
        }
        return rows;
    }

    private static void bind(PreparedStatement s, int index, Object value) throws SQLException {
        if (value == null) {
            s.setNull(index, java.sql.Types.NULL);
        } else if (value instanceof byte[] bytes) {
            s.setBytes(index, bytes);
        } else {
            s.setObject(index, value);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
