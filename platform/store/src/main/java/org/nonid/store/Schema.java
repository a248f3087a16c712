package org.nonid.store;

import java.util.List;

/**
 * The tables of a run store, in SQLite ({@code runs.db}, readable from any SQLite client, Python:
 * {@code sqlite3.connect("runs.db")}) and in PostgreSQL (the same tables and columns, with {@code
 * seq} columns that keep the order rows were written in, and {@code runs.alive_at}, each running
 * run's latest heartbeat).
 */
final class Schema {
    /** 2: tags and notes; 3: jobs submitted to batch systems. A store of an older version gains the new tables when it is opened. */
    static final int VERSION = 3;

    /** Jobs submitted to a batch system: the trials as comma-separated indices. */
    private static final String JOBS = "CREATE TABLE IF NOT EXISTS jobs ("
            + " experiment TEXT NOT NULL,"
            + " executor TEXT NOT NULL,"
            + " job_id TEXT NOT NULL,"
            + " trials TEXT NOT NULL,"
            + " submitted_at TEXT NOT NULL,"
            + " PRIMARY KEY (executor, job_id))";

    static final List<String> SQLITE = List.of(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS runs ("
                    + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " experiment TEXT NOT NULL,"
                    + " trial INTEGER NOT NULL,"
                    + " seed INTEGER NOT NULL,"
                    + " language TEXT NOT NULL,"
                    + " model TEXT NOT NULL,"
                    + " backend TEXT NOT NULL,"
                    + " status TEXT NOT NULL,"
                    + " reason TEXT NOT NULL DEFAULT '',"
                    + " config TEXT NOT NULL,"
                    + " environment TEXT NOT NULL,"
                    + " host TEXT NOT NULL,"
                    + " pid INTEGER NOT NULL,"
                    + " started_at TEXT NOT NULL,"
                    + " ended_at TEXT)",
            "CREATE INDEX IF NOT EXISTS runs_experiment ON runs (experiment, trial)",
            "CREATE TABLE IF NOT EXISTS metrics ("
                    + " run_id INTEGER NOT NULL REFERENCES runs (id),"
                    + " step INTEGER NOT NULL,"
                    + " key TEXT NOT NULL,"
                    + " value REAL)",
            "CREATE INDEX IF NOT EXISTS metrics_run ON metrics (run_id, step)",
            "CREATE TABLE IF NOT EXISTS summaries ("
                    + " run_id INTEGER NOT NULL REFERENCES runs (id),"
                    + " key TEXT NOT NULL,"
                    + " value REAL,"
                    + " PRIMARY KEY (run_id, key))",
            "CREATE TABLE IF NOT EXISTS experiments ("
                    + " name TEXT PRIMARY KEY,"
                    + " source TEXT NOT NULL,"
                    + " spec TEXT NOT NULL,"
                    + " overrides TEXT NOT NULL,"
                    + " trials INTEGER NOT NULL,"
                    + " created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS artifacts ("
                    + " run_id INTEGER NOT NULL REFERENCES runs (id),"
                    + " name TEXT NOT NULL,"
                    + " data BLOB NOT NULL,"
                    + " PRIMARY KEY (run_id, name))",
            "CREATE TABLE IF NOT EXISTS tags ("
                    + " run_id INTEGER NOT NULL REFERENCES runs (id),"
                    + " tag TEXT NOT NULL,"
                    + " PRIMARY KEY (run_id, tag))",
            "CREATE TABLE IF NOT EXISTS notes ("
                    + " run_id INTEGER PRIMARY KEY REFERENCES runs (id),"
                    + " note TEXT NOT NULL)",
            JOBS);

    static final List<String> POSTGRESQL = List.of(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS runs ("
                    + " id BIGSERIAL PRIMARY KEY,"
                    + " experiment TEXT NOT NULL,"
                    + " trial INTEGER NOT NULL,"
                    + " seed BIGINT NOT NULL,"
                    + " language TEXT NOT NULL,"
                    + " model TEXT NOT NULL,"
                    + " backend TEXT NOT NULL,"
                    + " status TEXT NOT NULL,"
                    + " reason TEXT NOT NULL DEFAULT '',"
                    + " config TEXT NOT NULL,"
                    + " environment TEXT NOT NULL,"
                    + " host TEXT NOT NULL,"
                    + " pid BIGINT NOT NULL,"
                    + " started_at TEXT NOT NULL,"
                    + " ended_at TEXT,"
                    + " alive_at TEXT)",
            "CREATE INDEX IF NOT EXISTS runs_experiment ON runs (experiment, trial)",
            "CREATE TABLE IF NOT EXISTS metrics ("
                    + " seq BIGSERIAL PRIMARY KEY,"
                    + " run_id BIGINT NOT NULL REFERENCES runs (id),"
                    + " step BIGINT NOT NULL,"
                    + " key TEXT NOT NULL,"
                    + " value DOUBLE PRECISION)",
            "CREATE INDEX IF NOT EXISTS metrics_run ON metrics (run_id, step)",
            "CREATE TABLE IF NOT EXISTS summaries ("
                    + " seq BIGSERIAL,"
                    + " run_id BIGINT NOT NULL REFERENCES runs (id),"
                    + " key TEXT NOT NULL,"
                    + " value DOUBLE PRECISION,"
                    + " PRIMARY KEY (run_id, key))",
            "CREATE TABLE IF NOT EXISTS experiments ("
                    + " name TEXT PRIMARY KEY,"
                    + " source TEXT NOT NULL,"
                    + " spec TEXT NOT NULL,"
                    + " overrides TEXT NOT NULL,"
                    + " trials INTEGER NOT NULL,"
                    + " created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS artifacts ("
                    + " run_id BIGINT NOT NULL REFERENCES runs (id),"
                    + " name TEXT NOT NULL,"
                    + " data BYTEA NOT NULL,"
                    + " PRIMARY KEY (run_id, name))",
            "CREATE TABLE IF NOT EXISTS tags ("
                    + " run_id BIGINT NOT NULL REFERENCES runs (id),"
                    + " tag TEXT NOT NULL,"
                    + " PRIMARY KEY (run_id, tag))",
            "CREATE TABLE IF NOT EXISTS notes ("
                    + " run_id BIGINT PRIMARY KEY REFERENCES runs (id),"
                    + " note TEXT NOT NULL)",
            JOBS);

    private Schema() {
    }
}
