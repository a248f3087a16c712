package org.nonid.model.xlstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nonid.api.config.ConfigException;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.testkit.ModelConformance;

class XlstmModelTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private final XlstmFamily family = new XlstmFamily();

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @TestFactory
    Stream<DynamicTest> conformsWithMlstmAndSlstmBlocks() {
        return new ModelConformance(family, Map.of("embedding", 4, "blocks", 2, "slstmAt", "1", "heads", 2,
                "convKernel", 2, "qkvBlockSize", 2), BACKEND).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @Test
    void theDefaultStackHasOneSlstmBlockAtIndexOne() {
        try (Model m = family.create(new ModelContext(BACKEND, 6, 34, 1), family.hyperparameters().resolve("model", Map.of()))) {
            assertTrue(m.parameters().stream().anyMatch(p -> p.name().equals("blocks.1.recurrent")));
            assertTrue(m.parameters().stream().anyMatch(p -> p.name().equals("blocks.0.query")));
            assertEquals(6, m.parameters().stream().filter(p -> p.name().startsWith("blocks."))
                    .map(p -> p.name().split("\\.")[1]).distinct().count());
        }
    }

    @Test
    void badHyperparametersAreRefusedByName() {
        ConfigException heads = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("embedding", 10, "heads", 4)));
        assertTrue(heads.getMessage().contains("heads = 4 does not divide embedding = 10"), heads.getMessage());
        ConfigException at = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("blocks", 2, "slstmAt", "3")));
        assertTrue(at.getMessage().contains("slstmAt names block 3, but blocks are 0..1"), at.getMessage());
        ConfigException text = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("slstmAt", "one")));
        assertTrue(text.getMessage().contains("slstmAt = 'one' is not a comma-separated list"), text.getMessage());
    }
}
