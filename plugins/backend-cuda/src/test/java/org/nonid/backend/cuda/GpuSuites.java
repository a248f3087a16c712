package org.nonid.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.model.linear.LinearFamily;
import org.nonid.model.lstm.LstmFamily;
import org.nonid.model.mamba.MambaFamily;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.model.xlstm.XlstmFamily;
import org.nonid.nn.optim.AdamW;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;
import org.nonid.testkit.ModelConformance;
import org.nonid.testkit.NamedCheck;
import org.nonid.testkit.SequenceGradientChecks;

/**
 * The suites for a cuda backend: every kernel against the reference (the backend and
 * sequence-kernel kits), gradient checks, every model family's conformance, and the same training
 * on cuda and cpu. {@link GpuSuitesTest} runs them on the GPU, {@link EmulatedGpuSuitesTest} on
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

    private static double[] train(ComputeBackend backend, TokenBatch batch, int steps, float[] logProbsOut) {
        TransformerFamily family = new TransformerFamily();
        Config hp = family.hyperparameters().resolve("model", Map.of("dModel", 16, "heads", 4, "layers", 2,
                "feedForward", 32, "dropout", 0.1, "positional", "learned"));
        double[] losses = new double[steps];
        try (Model model = family.create(new ModelContext(backend, 5, 12, 42), hp);
             AdamW optimizer = new AdamW(backend, model.parameters(), 0.9f, 0.999f, 1e-8f, 0.01f)) {
            for (int s = 0; s < steps; s++) {
                for (Parameter p : model.parameters()) {
                    backend.fill(p.gradient(), 0f);
                }
                losses[s] = model.lossAndGradients(batch);
                optimizer.step(3e-3f);
            }
            model.setTraining(false);
            try (Decoder d = model.decoder(2, 4)) {
                d.step(new int[] {0, 0});
                float[] lp = d.step(new int[] {3, 4});
                System.arraycopy(lp, 0, logProbsOut, 0, lp.length);
            }
        }
        return losses;
    }

    @Test
    void theSameTransformerTrainsAlikeOnCudaAndCpu() {
        SplittableRandom r = new SplittableRandom(3);
        int batch = 4;
        int length = 9;
        int[] inputs = new int[batch * length];
        int[] targets = new int[batch * length];
        float[] weights = new float[batch * length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i % length == 0 ? 0 : 1 + r.nextInt(4);
            targets[i] = 1 + r.nextInt(4);
            weights[i] = 1f / inputs.length;
        }
        TokenBatch tb = new TokenBatch(batch, length, inputs, targets, weights);
        float[] cpuLogProbs = new float[10];
        float[] cudaLogProbs = new float[10];
        CpuBackend cpu = new CpuBackend(1);
        double[] onCpu = train(cpu, tb, 30, cpuLogProbs);
        double[] onCuda = train(cuda, tb, 30, cudaLogProbs);
        cpu.close();
        for (int s = 0; s < onCpu.length; s++) {
            assertEquals(onCpu[s], onCuda[s], 1e-3 * Math.max(1, Math.abs(onCpu[s])), "step " + s);
        }
        assertTrue(onCuda[29] < onCuda[0] - 0.2, "the loss fell: " + onCuda[0] + " -> " + onCuda[29]);
        for (int i = 0; i < cpuLogProbs.length; i++) {
            assertEquals(cpuLogProbs[i], cudaLogProbs[i], 2e-3, "log-probability " + i);
        }
    }
}
