package org.nonid.model.lstm;

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

class LstmModelTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @TestFactory
    Stream<DynamicTest> conforms() {
        return new ModelConformance(new LstmFamily(), Map.of("embedding", 5, "hidden", 6, "layers", 2, "dropout", 0),
                BACKEND).checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @Test
    void parameterCountIsThatOfTheStandardLstm() {
        LstmFamily family = new LstmFamily();
        try (Model m = family.create(new ModelContext(BACKEND, 6, 34, 1),
                family.hyperparameters().resolve("model", Map.of()))) {
            // embedding 6x10; layer 1: 4*64*(10+64) + 4*64; layers 2-5: 4*64*128 + 4*64; head 64*6 + 6
            long expected = 60 + (4 * 64 * 74 + 256) + 4L * (4 * 64 * 128 + 256) + 64 * 6 + 6;
            assertEquals(expected, m.parameters().stream().mapToLong(p -> p.size()).sum());
        }
    }

    @Test
    void badHyperparametersAreRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new LstmFamily().hyperparameters().resolve("model", Map.of("hidden", 0)));
        assertEquals("model.hidden = 0: must be [1, 65536]", e.getMessage());
    }
}
