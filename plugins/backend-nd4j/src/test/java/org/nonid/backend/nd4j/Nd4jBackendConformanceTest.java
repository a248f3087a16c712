package org.nonid.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;

/** Every kernel of the nd4j backend against the double-precision reference, and its gradients. */
class Nd4jBackendConformanceTest {
    private static final Nd4jBackend BACKEND = new Nd4jBackend();

    @BeforeAll
    static void load() {
        assertTrue(BACKEND.availability().usable(), BACKEND.availability().reason());
    }

    @TestFactory
    Stream<DynamicTest> kernels() {
        return new BackendConformance(BACKEND, 1).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @TestFactory
    Stream<DynamicTest> gradients() {
        return new GradientChecks(BACKEND, 3).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }
}
