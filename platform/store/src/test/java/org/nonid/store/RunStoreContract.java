package org.nonid.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every run store does, whatever its database: each store's test extends this with a way to
 * open the store and a plain connection to the same database.
 */
abstract class RunStoreContract {

    /** Opens (or opens again) the store under test. */
    abstract JdbcRunStore open();

    /** A plain JDBC connection to the store's database, for changes a test makes behind its back. */
    abstract Connection sql() throws Exception;

    static NewRun newRun(String experiment, int trial) {
        return new NewRun(experiment, trial, 7, "aNbN", "transformer", "cpu", "{\"seed\":7}", "{\"java\":\"17\"}");
    }

    @Test
    void recordsARunAsItGoes() {
        JdbcRunStore store = open();
        long id = store.createRun(newRun("quickstart", 0));
        RunRecord running = store.run(id).orElseThrow();
        assertEquals(RunStatus.RUNNING, running.status());
        assertEquals(-1, running.lastStep());
        assertNull(running.endedAt());

        store.appendMetrics(id, 10, Map.of("train/loss", 1.5));
        Map<String, Double> eval = new LinkedHashMap<>();
        eval.put("val/loss", 0.09);
        eval.put("ood/rule_1_accuracy", 0.5);
        store.appendMetrics(id, 100, eval);
        store.putArtifact(id, "best.ckpt", new byte[] {1, 2, 3});
        store.putArtifact(id, "best.ckpt", new byte[] {4, 5});
        store.putSummary(id, Map.of("min_val_loss", 0.09));
        store.setStatus(id, RunStatus.FINISHED, "");

        RunRecord done = store.run(id).orElseThrow();
        assertEquals(RunStatus.FINISHED, done.status());
        assertNotNull(done.endedAt());
        assertEquals(100, done.lastStep());
        List<MetricPoint> history = store.history(id);
        assertEquals(3, history.size());
        assertEquals(new MetricPoint(10, "train/loss", 1.5), history.get(0));
        assertEquals(0.5, history.get(2).value());
        assertArrayEquals(new byte[] {4, 5}, store.artifact(id, "best.ckpt").orElseThrow());
        assertTrue(store.artifact(id, "missing").isEmpty());
        assertEquals(Map.of("min_val_loss", 0.09), store.summary(id));
        store.close();
    }

    @Test
    void nonFiniteValuesAreStoredAsNullAndReadAsNaN() {
        JdbcRunStore store = open();
        long id = store.createRun(newRun("nan", 0));
        store.appendMetrics(id, 1, Map.of("train/loss", Double.NaN));
        assertTrue(Double.isNaN(store.history(id).get(0).value()));
        store.close();
    }

    @Test
    void runsOfADeadProcessAreMarkedInterruptedAtTheNextStart() throws Exception {
        JdbcRunStore store = open();
        long alive = store.createRun(newRun("exp", 0));
        long dead = store.createRun(newRun("exp", 1));
        store.appendMetrics(dead, 40, Map.of("train/loss", 0.5));
        store.close();

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (Connection c = sql();
             PreparedStatement s = c.prepareStatement("UPDATE runs SET pid = ? WHERE id = ?")) {
            s.setLong(1, gone.pid());
            s.setLong(2, dead);
            s.executeUpdate();
        }

        JdbcRunStore reopened = open();
        RunRecord interrupted = reopened.run(dead).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertTrue(interrupted.reason().contains("pid " + gone.pid()), interrupted.reason());
        assertTrue(interrupted.reason().contains("last recorded step 40"), interrupted.reason());
        assertEquals(RunStatus.RUNNING, reopened.run(alive).orElseThrow().status(), "this process still lives");
        assertEquals(2, reopened.runs().size());
        reopened.close();
    }

    @Test
    void aTrialIsClaimedOnlyWhenNoLiveProcessRunsItAndWithUnlessFinishedNoneFinished() throws Exception {
        JdbcRunStore store = open();
        long first = store.claimTrial(newRun("claims", 0), true).orElseThrow();
        assertTrue(store.claimTrial(newRun("claims", 0), false).isEmpty(), "running in this live process");
        assertTrue(store.claimTrial(newRun("claims", 1), true).isPresent(), "another trial is free");
        store.setStatus(first, RunStatus.FINISHED, "");
        assertTrue(store.claimTrial(newRun("claims", 0), true).isEmpty(), "finished, and resuming");
        long again = store.claimTrial(newRun("claims", 0), false).orElseThrow();
        try (Connection c = sql()) {
            c.createStatement().execute("UPDATE runs SET pid = 999999999 WHERE id = " + again);
        }
        assertTrue(store.claimTrial(newRun("claims", 0), false).isPresent(), "its process is gone: free again");
        store.close();
    }

    @Test
    void aRunWhosePidNowBelongsToALaterProcessIsInterruptedNotRunningForever() throws Exception {
        JdbcRunStore store = open();
        long run = store.createRun(newRun("reuse", 0));
        store.close();
        // the run's pid is taken by a process that started after the run: the pid was reused
        Process later = new ProcessBuilder("sleep", "30").start();
        try {
            try (Connection c = sql();
                 PreparedStatement s = c.prepareStatement("UPDATE runs SET pid = ?, started_at = ? WHERE id = ?")) {
                s.setLong(1, later.pid());
                s.setString(2, java.time.Instant.now().minusSeconds(3600).toString());
                s.setLong(3, run);
                s.executeUpdate();
            }
            JdbcRunStore reopened = open();
            assertEquals(RunStatus.INTERRUPTED, reopened.run(run).orElseThrow().status());
            assertTrue(reopened.claimTrial(newRun("reuse", 0), false).isPresent(), "and its trial is free");
            reopened.close();
        } finally {
            later.destroyForcibly();
        }
    }

    @Test
    void isReadableWithPlainSql() throws Exception {
        JdbcRunStore store = open();
        long id = store.createRun(newRun("sql", 3));
        store.appendMetrics(id, 5, Map.of("val/loss", 0.25));
        try (Connection c = sql();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT r.experiment, r.trial, m.key, m.value FROM runs r JOIN metrics m ON m.run_id = r.id")) {
            assertTrue(rs.next());
            assertEquals("sql", rs.getString(1));
            assertEquals(3, rs.getInt(2));
            assertEquals("val/loss", rs.getString(3));
            assertEquals(0.25, rs.getDouble(4));
        }
        store.close();
    }

    @Test
    void experimentsAreRecordedOnceWithTheirSpec() {
        JdbcRunStore store = open();
        store.putExperiment(new org.nonid.api.run.ExperimentRecord("p1", "p1.yaml", "name: p1\n", List.of("seeds=3", "x=1"),
                6, java.time.Instant.parse("2026-01-01T00:00:00Z")));
        store.putExperiment(new org.nonid.api.run.ExperimentRecord("p1", "other.yaml", "name: other\n", List.of(), 1,
                java.time.Instant.now()));
        var e = store.experiment("p1").orElseThrow();
        assertEquals("p1.yaml", e.source());
        assertEquals("name: p1\n", e.text());
        assertEquals(List.of("seeds=3", "x=1"), e.overrides());
        assertEquals(6, e.trials());
        assertEquals(1, store.experiments().size());
        assertTrue(store.experiment("none").isEmpty());
        store.close();
    }

    @Test
    void tagsAndNotesAreKeptPerRun() {
        try (JdbcRunStore store = open()) {
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
        try (JdbcRunStore store = open()) {
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
        try (JdbcRunStore store = open()) {
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
}
