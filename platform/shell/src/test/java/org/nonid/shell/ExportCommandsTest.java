package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.NewRun;
import org.nonid.store.SqliteRunStore;

class ExportCommandsTest {
    @TempDir
    Path dir;

    @Test
    void runIdsAndExperimentNamesNameRunsEachOnceAndWhatDoesNotExistIsSaid() {
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long a = store.createRun(new NewRun("e", 0, 1, "aNbN", "linear", "cpu", "{}", "{}"));
            long b = store.createRun(new NewRun("e", 1, 1, "aNbN", "linear", "cpu", "{}", "{}"));
            long c = store.createRun(new NewRun("f", 0, 1, "aNbN", "linear", "cpu", "{}", "{}"));
            assertEquals(List.of(c, a, b), ExportCommands.runs(store, Long.toString(c), "e", Long.toString(a)));
            ConfigException e = assertThrows(ConfigException.class, () -> ExportCommands.runs(store, "99", "nothing"));
            assertTrue(e.getMessage().contains("no run 99"), e.getMessage());
            assertTrue(e.getMessage().contains("no run of an experiment 'nothing'"), e.getMessage());
            assertThrows(ConfigException.class, () -> ExportCommands.runs(store));
        }
    }
}
