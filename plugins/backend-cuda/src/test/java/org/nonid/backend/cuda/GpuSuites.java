package org.nonid.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.nonid.api.model.ModelFamily;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.model.linear.LinearFamily;
import org.nonid.model.lstm.LstmFamily;
import org.nonid.model.mamba.MambaFamily;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.model.xlstm.XlstmFamily;
import org.nonid.testkit.BackendAgreement;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;
import org.nonid.testkit.ModelConformance;
import org.nonid.testkit.NamedCheck;
import org.nonid.testkit.SequenceGradientChecks;

/**
 * The suites for a cuda backend: every kernel against the reference (the backend and
 * sequence-kernel kits), gradient checks, every model family's conformance, and every family trained
 * side by side on cuda and cpu. {@link GpuSuitesTest} runs them on the GPU, {@link EmulatedGpuSuitesTest} on
 * the emulated one; where a backend is unavailable they are skipped with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GpuSuites {
    private final CudaBackend cuda;
    private final String kind;

    GpuSuites(CudaBackend cuda, String kind) {
        this.cuda = cuda;
        this.kind = kind;
    }

    /** Why the suites cannot run here (a missing GPU or tool), or null when they must. */
    abstract String skipReason();

    @BeforeAll
    void needsTheBackend() {
        String skip = skipReason();
        if (skip != null) {
            System.out.println(kind + " suites skipped: " + skip);
        }
        assumeTrue(skip == null, kind + " suites skipped: " + skip);
        assertTrue(cuda.availability().usable(), cuda.availability().reason());
        System.out.println(kind + ": " + cuda.facts());
    }

    private static Stream<DynamicTest> run(List<NamedCheck> checks) {
        return checks.stream().map(c -> DynamicTest.dynamicTest(c.name(), c.body()::run));
    }

    @TestFactory
    Stream<DynamicTest> kernels() {
        return run(new BackendConformance(cuda, 1).checks());
    }

    @TestFactory
    Stream<DynamicTest> gradients() {
        return run(new GradientChecks(cuda, 3).checks());
    }

    @TestFactory
    Stream<DynamicTest> sequenceGradients() {
        return run(new SequenceGradientChecks(cuda, 4).checks());
    }

    @TestFactory
    Stream<DynamicTest> everyFamilyConforms() {
        Map<ModelFamily, Map<String, ?>> tiny = Map.of(
                new TransformerFamily(), Map.of("dModel", 8, "heads", 2, "layers", 2, "feedForward", 12, "dropout", 0,
                        "positional", "learned"),
                new LstmFamily(), Map.of("embedding", 5, "hidden", 6, "layers", 2, "dropout", 0),
                new LinearFamily(), Map.of("embedding", 3),
                new MambaFamily(), Map.of("dModel", 6, "layers", 2, "dState", 3, "dConv", 3),
                new XlstmFamily(), Map.of("embedding", 4, "blocks", 2, "slstmAt", "1", "heads", 2, "convKernel", 2,
                        "qkvBlockSize", 2));
        return tiny.entrySet().stream().flatMap(e -> new ModelConformance(e.getKey(), e.getValue(), cuda).checks()
                .stream().map(c -> DynamicTest.dynamicTest(e.getKey().name() + ": " + c.name(), c.body()::run)));
    }

    /** Each family with dropout where it has it, trained side by side with the cpu backend. */
    @TestFactory
    Stream<DynamicTest> everyFamilyTrainsAsOnTheCpu() {
        Map<ModelFamily, Map<String, ?>> small = Map.of(
                new TransformerFamily(), Map.of("dModel", 16, "heads", 4, "layers", 2, "feedForward", 32, "dropout", 0.1,
                        "positional", "learned"),
                new LstmFamily(), Map.of("embedding", 8, "hidden", 12, "layers", 2, "dropout", 0.1),
                new LinearFamily(), Map.of("embedding", 8),
                new MambaFamily(), Map.of("dModel", 8, "layers", 2, "dState", 4, "dConv", 3),
                new XlstmFamily(), Map.of("embedding", 8, "blocks", 2, "slstmAt", "1", "heads", 2, "convKernel", 2,
                        "qkvBlockSize", 2));
        return small.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().name(), () -> {
            CpuBackend cpu = new CpuBackend(1);
            try {
                BackendAgreement.trainsAlike(e.getKey(), e.getValue(), cpu, cuda);
            } finally {
                cpu.close();
            }
        }));
    }
}
