package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.plugin.PluginProblem;
import org.nonid.api.run.UnknownPluginException;

class PluginRegistryTest {

    @Test
    void ofTwoPluginsWithOneNameTheFirstServesAndTheOtherIsAProblemNotAListing() {
        PluginRegistry registry = new PluginRegistry();
        Object first = new Object();
        Object second = new Object();
        registry.register(PluginKind.MEASURE, "m", "first", first, "a.bundle", "1.0.0");
        registry.register(PluginKind.MEASURE, "m", "second", second, "b.bundle", "2.0.0");

        assertEquals(List.of("first"), registry.list(PluginKind.MEASURE).stream().map(p -> p.description()).toList());
        assertEquals("a.bundle", registry.info(PluginKind.MEASURE, "m").bundle());
        List<PluginProblem> problems = registry.problems();
        assertEquals(1, problems.size());
        assertEquals(PluginProblem.Kind.DUPLICATE, problems.get(0).kind());
        assertEquals("measure m", problems.get(0).subject());
        assertTrue(problems.get(0).message().startsWith("offered by a.bundle 1.0.0 and by b.bundle 2.0.0; a.bundle serves"),
                problems.get(0).message());

        registry.unregister(PluginKind.MEASURE, first);
        assertEquals("b.bundle", registry.info(PluginKind.MEASURE, "m").bundle());
        assertTrue(registry.problems().isEmpty());
    }

    @Test
    void anUnknownNameListsTheNamesThatExist() {
        PluginRegistry registry = new PluginRegistry();
        registry.register(PluginKind.LANGUAGE, "aNbN", "", new Object(), "x", "1");
        UnknownPluginException e = assertThrows(UnknownPluginException.class, () -> registry.info(PluginKind.LANGUAGE, "anbn"));
        assertEquals("unknown language 'anbn'; known languages: aNbN", e.getMessage());
    }
}
