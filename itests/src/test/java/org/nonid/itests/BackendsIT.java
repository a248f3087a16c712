package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;
import org.nonid.testkit.NamedCheck;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The compute backends inside the framework: cpu and nd4j pass the conformance kit (the Vector API
 * reaches the cpu bundle through the system bundle, and ND4J finds its native backend through the
 * wrapper's class loader); cuda resolves beside ND4J's other JavaCPP and, without a GPU, says why
 * it cannot run, and a run that asks for it fails before training with that reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendsIT {
    @Inject
    private PluginCatalog catalog;

    @Inject
    private ExperimentService experiments;

    @Inject
    private RunStore store;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() {
        List<Option> options = Runtime.options("backends-it");
        options.add(bundle(new File(System.getProperty("nonid.testkit")).toURI().toString()));
        return options.toArray(new Option[0]);
    }

    private void conform(String name) {
        ComputeBackend backend = catalog.backend(name);
        assertTrue(backend.availability().reason(), backend.availability().usable());
        List<NamedCheck> checks = new ArrayList<>(new BackendConformance(backend, 5).checks());
        checks.addAll(new GradientChecks(backend, 6).checks());
        List<String> failures = new ArrayList<>();
        for (NamedCheck check : checks) {
            try {
                check.body().run();
            } catch (AssertionError | RuntimeException e) {
                failures.add(check.name() + ": " + e.getMessage());
            }
        }
        assertTrue(name + " failed " + failures, failures.isEmpty());
    }

    @Test
    public void theCpuBackendConformsInsideTheFramework() {
        conform("cpu");
    }

    @Test
    public void theNd4jBackendConformsInsideTheFramework() {
        conform("nd4j");
    }

    @Test
    public void theCudaBackendIsInstalledAndSaysWhetherItCanRunHere() throws Exception {
        ComputeBackend cuda = catalog.backend("cuda");
        Availability a = cuda.availability();
        String listing = Runtime.shell(processor, "nonid:backends");
        assertTrue(listing, listing.contains("cuda (org.nonid.backend.cuda "));
        if (a.usable()) {
            assertTrue(listing, listing.contains("cuda (org.nonid.backend.cuda ") && listing.contains("compute capability"));
            conform("cuda");
            return;
        }
        assertTrue(listing, listing.contains("not usable: " + a.reason()));
        assertTrue(a.reason(), a.reason().matches("(?s).*(libcuda\\.so\\.1|libcudart|no CUDA device|cuBLAS|NVRTC).*"));
        Path javacpp = Path.of(System.getProperty("org.bytedeco.javacpp.cachedir",
                System.getProperty("user.home") + "/.javacpp/cache"));
        try (Stream<Path> files = Files.walk(javacpp.resolve("cuda"))) {
            assertTrue("cuda's JavaCPP extracts into a folder of its own, apart from ND4J's",
                    files.anyMatch(f -> f.getFileName().toString().equals("libjnicudart.so")));
        }

        RunSpec spec = new RunSpec("cuda-it", 0, "aNbN", Map.of("maxLength", 8), "transformer",
                Map.of("dModel", 8, "heads", 2, "layers", 1, "feedForward", 16, "dropout", 0),
                Map.of("steps", 40, "batchSize", 0, "warmup", 5, "logEvery", 10),
                Map.of("every", 20, "promptLength", 4), "mle", Map.of(), List.of("loss"), 1, "cuda");
        RunHandle handle = experiments.start(spec, p -> { });
        RunOutcome outcome = handle.await(60, TimeUnit.SECONDS).orElseThrow();
        assertEquals(RunStatus.FAILED, outcome.status());
        assertTrue(outcome.reason(), outcome.reason().contains("not usable here: " + a.reason()));
        assertEquals(RunStatus.FAILED, store.run(handle.runId()).orElseThrow().status());
        assertTrue("nothing was trained", store.history(handle.runId()).isEmpty());
        assertTrue("the other backends still run", catalog.backend("cpu").availability().usable());
    }
}
