package org.nonid.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The run store in SQLite, the embedded default: {@code runs.db} in the data folder, write-ahead
 * log. Several processes of one host may share it; runs of other hosts are never marked interrupted.
 */
public final class SqliteRunStore extends JdbcRunStore {
    static final String DATABASE = "runs.db";

    /** A store in the given folder (created if missing). */
    public SqliteRunStore(Path dataDirectory) {
        super(dataDirectory, dataDirectory.toAbsolutePath().resolve(DATABASE).toString(), Dialect.SQLITE,
                open(dataDirectory.toAbsolutePath()));
    }

    private static Connection open(Path dataDirectory) {
        Path file = dataDirectory.resolve(DATABASE);
        try {
            Files.createDirectories(dataDirectory);
            Properties props = new Properties();
            props.setProperty("busy_timeout", "30000");
            Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, props);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            return connection;
        } catch (IOException | SQLException e) {
            throw cannotOpen(file.toString(), e);
        }
    }
}
