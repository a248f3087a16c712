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

/** Tags, notes and deletion of runs and experiments. */
class RunManagementTest {
    @TempDir
    Path dir;

    private static NewRun newRun(String experiment, int trial) {
        return new NewRun(experiment, trial, 7, "aNbN", "transformer", "cpu", "{\"seed\":7}", "{\"java\":\"17\"}");
    }

    @Test
    void tagsAndNotesAreKeptPerRun() {
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long id = store.createRun(newRun("e", 0));
            store.tag(id, List.of("baseline", "p1:fig3", "baseline"));
            assertEquals(Set.of("baseline", "p1:fig3"), store.tags(id));
            store.untag(id, List.of("baseline", "absent"));
            assertEquals(Set.of("p1:fig3"), store.tags(id));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> store.tag(id, List.of("two words")));
            assertEquals("'two words' is not a tag: a tag is a word of letters, digits and - _ . : (at most 64)", bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.tag(99, List.of("x")));

            store.setNote(id, "  diverged at lr 1e-2; rerun with warm-up ");
            assertEquals("diverged at lr 1e-2; rerun with warm-up", store.note(id));
            store.setNote(id, "");
            assertEquals("", store.note(id));
        }
    }

    @Test
    void aDeletedRunLeavesNothingAndARunningRunIsNotDeleted() {
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long running = store.createRun(newRun("e", 0));
            long done = store.createRun(newRun("e", 1));
            store.appendMetrics(done, 10, Map.of("val/loss", 0.5));
            store.putSummary(done, Map.of("best/val/loss", 0.5));
            store.putArtifact(done, "best.ckpt", new byte[] {1, 2, 3});
            store.tag(done, List.of("keep"));
            store.setNote(done, "a note");
            store.setStatus(done, RunStatus.FINISHED, "");

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.deleteRun(running));
            assertEquals("run " + running + " is running: cancel it first (nonid:cancel " + running + ")", refused.getMessage());
            assertTrue(store.run(running).isPresent());

            store.deleteRun(done);
            assertTrue(store.run(done).isEmpty());
            assertTrue(store.history(done).isEmpty());
            assertTrue(store.summary(done).isEmpty());
            assertTrue(store.artifact(done, "best.ckpt").isEmpty());
            assertTrue(store.tags(done).isEmpty());
            assertEquals("", store.note(done));
            assertThrows(IllegalArgumentException.class, () -> store.deleteRun(done));
        }
    }

    @Test
    void anExperimentIsDeletedWholeOrNotAtAll() {
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            store.putExperiment(new ExperimentRecord("e", "e.yaml", "name: e", List.of(), 2, Instant.now()));
            long first = store.createRun(newRun("e", 0));
            long second = store.createRun(newRun("e", 1));
            long other = store.createRun(newRun("other", 0));
            store.setStatus(first, RunStatus.FINISHED, "");

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> store.deleteExperiment("e"));
            assertEquals("experiment 'e' has running runs [" + second + "]: cancel them first; nothing was deleted",
                    refused.getMessage());
            assertTrue(store.run(first).isPresent());

            store.setStatus(second, RunStatus.CANCELLED, "cancelled");
            assertEquals(2, store.deleteExperiment("e"));
            assertTrue(store.experiment("e").isEmpty());
            assertTrue(store.run(first).isEmpty() && store.run(second).isEmpty());
            assertTrue(store.run(other).isPresent(), "another experiment's run stays");
            assertThrows(IllegalArgumentException.class, () -> store.deleteExperiment("e"));
        }
    }

    @Test
    void aStoreOfTheFirstSchemaGainsTagsAndNotesWhenOpened() throws Exception {
        new SqliteRunStore(dir).close();
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("runs.db"), new Properties())) {
            c.createStatement().execute("DROP TABLE tags");
            c.createStatement().execute("DROP TABLE notes");
            c.createStatement().execute("UPDATE schema_version SET version = 1");
        }
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long id = store.createRun(newRun("e", 0));
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
