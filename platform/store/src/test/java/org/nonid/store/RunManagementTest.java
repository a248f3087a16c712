package org.nonid.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunStatus;

/** The SQLite store of the first schema, opened by this one (tags, notes and deletion are in the contract). */
class RunManagementTest {
    @TempDir
    Path dir;

    @Test
    void aStoreOfTheFirstSchemaGainsTagsAndNotesWhenOpened() throws Exception {
        new SqliteRunStore(dir).close();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("runs.db"), new Properties())) {
            c.createStatement().execute("DROP TABLE tags");
            c.createStatement().execute("DROP TABLE notes");
            c.createStatement().execute("UPDATE schema_version SET version = 1");
        }
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long id = store.createRun(RunStoreContract.newRun("e", 0));
            store.tag(id, List.of("migrated"));
            assertEquals(Set.of("migrated"), store.tags(id));
        }
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("runs.db"), new Properties());
             var rs = c.createStatement().executeQuery("SELECT version FROM schema_version")) {
            assertTrue(rs.next());
            assertEquals(Schema.VERSION, rs.getInt(1));
        }
    }
}
