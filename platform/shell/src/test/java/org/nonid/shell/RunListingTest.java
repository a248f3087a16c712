package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.NewRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.store.SqliteRunStore;

class RunListingTest {
    @TempDir
    Path dir;

    /** The settings of the runs the tests record, as the experiment service would read them. */
    private final Map<Long, RunSpec> specs = new java.util.HashMap<>();

    private Map<String, String> settings(RunRecord r) {
        return specs.get(r.id()).settings();
    }

    private long run(SqliteRunStore store, String experiment, String language, String condition, double loss) {
        long id = store.createRun(new NewRun(experiment, 0, 1, language, "transformer", "cpu", "{}", "{}"));
        specs.put(id, new RunSpec(experiment, 0, language, Map.of(), "transformer", Map.of(), Map.of(), Map.of(), condition,
                Map.of(), List.of("loss"), 1, "cpu"));
        store.putSummary(id, Map.of("best/test/loss", loss));
        store.setStatus(id, RunStatus.FINISHED, "");
        return id;
    }

    @Test
    void runsAreFilteredByConditionTagAndLanguageAndSortedByASummaryKey() {
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long a = run(store, "e", "aNbN", "mle", 0.30);
            long b = run(store, "e", "aNbN", "oracle", 0.10);
            long c = run(store, "e", "dyck", "oracle", 0.20);
            store.tag(b, List.of("keep"));
            String oracle = RunListing.table(store, this::settings, null, RunListing.filters("condition=oracle"), "best/test/loss", false);
            List<String> ids = oracle.lines().skip(1).map(l -> l.split(" +")[0]).toList();
            assertEquals(List.of(Long.toString(b), Long.toString(c)), ids, oracle);
            assertTrue(oracle.lines().skip(1).allMatch(l -> l.contains(" oracle ")), oracle);
            String reversed = RunListing.table(store, this::settings, null, Map.of(), "best/test/loss", true);
            assertEquals(List.of(Long.toString(a), Long.toString(c), Long.toString(b)),
                    reversed.lines().skip(1).map(l -> l.split(" +")[0]).toList(), reversed);
            String tagged = RunListing.table(store, this::settings, null, RunListing.filters("tag=keep,language=aNbN"), "id", false);
            assertEquals(2, tagged.lines().count(), tagged);
            assertTrue(tagged.lines().skip(1).findFirst().orElseThrow().contains(" keep "), tagged);
            assertEquals("no run matches {tag=none}\n", RunListing.table(store, this::settings, null, RunListing.filters("tag=none"), "id", false));
        }
    }

    @Test
    void theMetricColumnsAreThoseTheRunsMeasuresList() {
        MeasureCatalog catalog = new MeasureCatalog(Map.of("loss", List.of(
                new org.nonid.api.measure.MetricInfo("test/loss", "loss").labelled("test loss")
                        .playing(org.nonid.api.measure.MetricInfo.Role.LISTED),
                new org.nonid.api.measure.MetricInfo("test/unlisted", "not listed"))));
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            long id = run(store, "e", "aNbN", "mle", 0.25);
            store.putSummary(id, Map.of("best/test/loss", 0.25, "best/test/unlisted", 9.0));
            String table = RunListing.table(store, this::settings, catalog, Map.of(), "id", false);
            assertTrue(table.lines().findFirst().orElseThrow().matches("ID .* STEP +TEST LOSS +TAGS +STARTED *"), table);
            assertTrue(table.contains(" 0.2500 "), table);
            assertFalse(table.contains("9.0000"), table);
        }
    }

    @Test
    void badFiltersAndSortKeysSayWhatExists() {
        ConfigException filter = assertThrows(ConfigException.class, () -> RunListing.filters("langauge=aNbN,status"));
        assertTrue(filter.getMessage().contains("filter unknown key 'langauge'; nearest: language"), filter.getMessage());
        assertTrue(filter.getMessage().contains("filter 'status' is not of the form key=value"), filter.getMessage());
        try (SqliteRunStore store = new SqliteRunStore(dir)) {
            ConfigException sort = assertThrows(ConfigException.class, () -> RunListing.table(store, this::settings, null, Map.of(), "los", false));
            assertTrue(sort.getMessage().startsWith("sort unknown key 'los'"), sort.getMessage());
        }
    }

    @Test
    void deletionAsksAndOnlyYesDeletes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertFalse(RunManagementCommands.confirmed(false, null, out, "delete run 1?"));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("nothing deleted (answer y, or give -y)\n"));
        assertTrue(RunManagementCommands.confirmed(true, null, out, "delete run 1?"));
        assertTrue(RunManagementCommands.confirmed(false, session("y\n"), out, "delete run 1?"));
        assertTrue(RunManagementCommands.confirmed(false, session("yes\n"), out, "delete run 1?"));
        assertFalse(RunManagementCommands.confirmed(false, session("n\n"), out, "delete run 1?"));
        assertFalse(RunManagementCommands.confirmed(false, session(""), out, "delete run 1?"), "end of input is no");
    }

    private static org.apache.felix.service.command.CommandSession session(String keyboard) {
        return (org.apache.felix.service.command.CommandSession) java.lang.reflect.Proxy.newProxyInstance(
                RunListingTest.class.getClassLoader(), new Class<?>[] {org.apache.felix.service.command.CommandSession.class},
                (proxy, method, args) -> method.getName().equals("getKeyboard")
                        ? new ByteArrayInputStream(keyboard.getBytes(StandardCharsets.UTF_8)) : null);
    }
}
