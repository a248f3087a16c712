package org.nonid.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.config.ConfigException;

class RunStoreComponentTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatCannotOpenSaysWhyAtEveryUseInsteadOfFailingItsComponent() throws Exception {
        Files.writeString(dir.resolve("runs.db"), "garbage, not a database ".repeat(100));
        RunStoreComponent component = new RunStoreComponent(dir);
        ConfigException e = assertThrows(ConfigException.class, component::runs);
        assertTrue(e.getMessage().startsWith("cannot open the run store " + dir.toAbsolutePath().resolve("runs.db")),
                e.getMessage());
        assertEquals(e.getMessage(), e.toString(), "a console prints the reason, not a class name");
        assertThrows(ConfigException.class, () -> component.experiment("x"));
        assertEquals(dir.toAbsolutePath(), component.dataDirectory());
        component.close();
    }

    @Test
    void aGoodStoreIsUsedAsItIs() {
        RunStoreComponent component = new RunStoreComponent(dir);
        assertEquals(0, component.runs().size());
        component.close();
    }
}
