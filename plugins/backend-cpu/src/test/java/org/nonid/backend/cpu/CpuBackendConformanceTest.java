package org.nonid.backend.cpu;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;

/** Every kernel of the cpu backend against the reference, single- and multi-threaded, and its gradients. */
class CpuBackendConformanceTest {
    private static CpuBackend serial;
    private static CpuBackend threaded;

    @BeforeAll
    static void start() {
        serial = new CpuBackend(1);
        threaded = new CpuBackend(3);
    }

    @AfterAll
    static void stop() {
        serial.close();
        threaded.close();
    }

    @TestFactory
    Stream<DynamicTest> kernelsOneThread() {
        return new BackendConformance(serial, 1).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @TestFactory
    Stream<DynamicTest> kernelsThreeThreads() {
        return new BackendConformance(threaded, 2).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @TestFactory
    Stream<DynamicTest> gradients() {
        return new GradientChecks(serial, 3).checks().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }
}
