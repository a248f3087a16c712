package org.nonid.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;

/** The SQLite store: the contract, and what only a file has. */
class SqliteRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;

    @Override
    JdbcRunStore open() {
        return new SqliteRunStore(dir);
    }

    @Override
    Connection sql() throws Exception {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("runs.db"), new Properties());
    }

    @Test
    void aStoreOfANewerSchemaIsRefusedNotUsed() throws Exception {
        new SqliteRunStore(dir).close();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("runs.db"), new Properties())) {
            c.createStatement().execute("UPDATE schema_version SET version = " + (Schema.VERSION + 1));
        }
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new SqliteRunStore(dir));
        assertEquals("run store " + dir.resolve("runs.db") + ": schema version " + (Schema.VERSION + 1)
                + " is newer than this NonID's (" + Schema.VERSION + "); use a newer NonID, or another data folder"
                + " (NONID_DATA)", e.getMessage());
    }

    @Test
    void aFileThatIsNoDatabaseIsNamedWithSqlitesOwnWordsInOneLine() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("runs.db"), "this is not a database, it only has the name of one"
                .repeat(40));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new SqliteRunStore(dir));
        assertTrue(e.getMessage().startsWith("cannot open the run store " + dir.resolve("runs.db") + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains("not a database"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
