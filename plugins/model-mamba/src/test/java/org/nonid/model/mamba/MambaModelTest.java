package org.nonid.model.mamba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class MambaModelTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private final MambaFamily family = new MambaFamily();

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @TestFactory
    Stream<DynamicTest> conforms() {
        return new ModelConformance(family, Map.of("dModel", 6, "layers", 2, "dState", 3, "dConv", 3), BACKEND).checks()
                .stream().map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @Test
    void parameterCountIsThatOfTheOriginalBlock() {
        try (Model m = family.create(new ModelContext(BACKEND, 6, 34, 1), family.hyperparameters().resolve("model", Map.of()))) {
            int d = 32;
            int di = 64;
            int n = 16;
            int r = 2;
            long block = d + d * 2 * di + 8 * di + di + di * (r + 2 * n) + r * di + di + di * n + di + di * d;
            assertEquals(6 * d + 10 * block + d, m.parameters().stream().mapToLong(p -> p.size()).sum());
        }
    }

    @Test
    void badHyperparametersAreRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> family.hyperparameters().resolve("model", Map.of("dState", 0)));
        assertEquals("model.dState = 0: must be [1, 1024]", e.getMessage());
    }
}
