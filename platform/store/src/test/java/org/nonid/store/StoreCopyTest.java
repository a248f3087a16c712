package org.nonid.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;

/** Experiments copied between SQLite and PostgreSQL keep everything, and copying twice adds nothing. */
class StoreCopyTest {
    @TempDir
    Path dir;

    @Test
    void anExperimentGoesToPostgresqlAndBackWithEverythingItHad() throws Exception {
        String url = PostgresServer.newDatabase();
        try (JdbcRunStore local = new SqliteRunStore(dir.resolve("local"));
             JdbcRunStore shared = PostgresRunStore.open(url, dir);
             JdbcRunStore back = new SqliteRunStore(dir.resolve("back"))) {
            local.putExperiment(new ExperimentRecord("p1", "p1.yaml", "name: p1\n", List.of("seeds=1,2"), 2,
                    Instant.parse("2026-01-01T00:00:00Z")));
            long a = local.createRun(RunStoreContract.newRun("p1", 0));
            local.appendMetrics(a, 10, Map.of("train/loss", 1.5));
            local.appendMetrics(a, 20, Map.of("val/loss", 0.25, "ood/rule_1_accuracy", Double.NaN));
            local.putSummary(a, Map.of("best/test/loss", 0.0843, "best_step", 20.0));
            local.putArtifact(a, "best.ckpt", new byte[] {78, 79, 73, 68, 0, -1});
            local.tag(a, List.of("keep", "p1:fig3"));
            local.setNote(a, "the first seed");
            local.setStatus(a, RunStatus.FINISHED, "");
            long b = local.createRun(RunStoreContract.newRun("p1", 1));
            local.setStatus(b, RunStatus.FAILED, "NaN loss at step 3");
            long running = local.createRun(RunStoreContract.newRun("p1", 1));

            StoreCopy.Result there = StoreCopy.copy(local, shared);
            assertEquals(List.of("p1"), there.experiments());
            assertEquals(2, there.runs());
            assertEquals(3, there.metricValues());
            assertEquals(List.of("run " + running + " of p1: still running"), there.leftOut());
            StoreCopy.Result again = StoreCopy.copy(local, shared);
            assertEquals(0, again.runs());
            assertEquals(List.of("experiment p1: the target has it already"), again.leftOut());

            StoreCopy.copy(shared, back);
            for (JdbcRunStore copy : List.of(shared, back)) {
                assertEquals(local.experiment("p1"), copy.experiment("p1"));
                List<RunRecord> runs = copy.runs();
                assertEquals(2, runs.size());
                RunRecord first = runs.get(0);
                RunRecord original = local.run(a).orElseThrow();
                assertEquals(original.status(), first.status());
                assertEquals(original.startedAt(), first.startedAt());
                assertEquals(original.endedAt(), first.endedAt());
                assertEquals(original.configJson(), first.configJson());
                assertEquals(local.history(a).toString(), copy.history(first.id()).toString());
                assertEquals(local.summary(a), copy.summary(first.id()));
                assertArrayEquals(local.artifact(a, "best.ckpt").orElseThrow(), copy.artifact(first.id(), "best.ckpt")
                        .orElseThrow());
                assertEquals(local.tags(a), copy.tags(first.id()));
                assertEquals("the first seed", copy.note(first.id()));
                assertEquals("NaN loss at step 3", runs.get(1).reason());
            }
        }
    }

    @Test
    void aStoreIsNotCopiedIntoItself() {
        try (JdbcRunStore store = new SqliteRunStore(dir)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> StoreCopy.copy(store, store));
            assertTrue(e.getMessage().startsWith("the stores are one: "), e.getMessage());
        }
    }
}
