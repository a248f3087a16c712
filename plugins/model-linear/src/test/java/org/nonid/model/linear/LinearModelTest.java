package org.nonid.model.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.testkit.ModelConformance;

class LinearModelTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);
    private final LinearFamily family = new LinearFamily();

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    @TestFactory
    Stream<DynamicTest> conforms() {
        return new ModelConformance(family, Map.of("embedding", 3)).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @Test
    void theFirstOutputDependsOnlyOnTheFirstTokenAndLearnsNothingFromLaterOnes() {
        try (Model m = family.create(new ModelContext(BACKEND, 5, 4, 3), family.hyperparameters().resolve("model",
                Map.of("embedding", 2)))) {
            float[] w = new float[4];
            w[0] = 1f;
            TokenBatch first = new TokenBatch(1, 4, new int[] {0, 3, 4, 3}, new int[] {3, 4, 3, 1}, w);
            TokenBatch otherTail = new TokenBatch(1, 4, new int[] {0, 4, 4, 4}, new int[] {3, 4, 3, 1}, w);
            assertEquals(m.loss(first), m.loss(otherTail), 0.0);
            m.lossAndGradients(first);
            float[] grad = BACKEND.download(m.parameters().stream().filter(p -> p.name().equals("weight"))
                    .findFirst().orElseThrow().gradient());
            // rows of positions 1..3 (embedding 2, 4 positions, 5 tokens: 20 columns per row)
            for (int i = 2 * 20; i < grad.length; i++) {
                assertEquals(0f, grad[i], "weight " + i + " of a later position received gradient");
            }
            assertTrue(grad[0] != 0f || grad[1] != 0f);
        }
    }

    @Test
    void sequencesLongerThanItsPositionsAreRefused() {
        try (Model m = family.create(new ModelContext(BACKEND, 5, 4, 3), family.hyperparameters().resolve("model", Map.of()))) {
            TokenBatch tooLong = new TokenBatch(1, 5, new int[5], new int[5], new float[5]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loss(tooLong));
            assertEquals("a sequence of 5 positions is longer than the 4 positions of this linear model", e.getMessage());
            assertNotEquals(null, m.decoder(1, 4));
        }
    }
}
