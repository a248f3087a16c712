package org.nonid.store;

import java.util.List;

/** The tables of runs.db. Readable from any SQLite client (Python: {@code sqlite3.connect("runs.db")}). */
final class Schema {
    /** 2: tags and notes. A store of an older version gains the new tables when it is opened. */
    static final int VERSION = 2;

    static final List<String> STATEMENTS = List.of(
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
                    + " note TEXT NOT NULL)");

    private Schema() {
    }
}
