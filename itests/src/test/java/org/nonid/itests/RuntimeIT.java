package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The real runtime bundles in Felix: resolution, components, a training run, hot plugins. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT {
    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ExperimentService experiments;

    @Inject
    private RunStore store;

    @Inject
    private PluginCatalog catalog;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() {
        return Runtime.options("runtime-it").toArray(new Option[0]);
    }

    @Test
    public void everyBundleResolvesAndEveryComponentIsActive() throws Exception {
        List<String> problems = new ArrayList<>();
        for (File f : Runtime.bundleFiles()) {
            Bundle b = bundleFromFile(f);
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.add(b.getSymbolicName() + " is in state " + b.getState());
            }
        }
        int nonidComponents = 0;
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs();
        for (ComponentDescriptionDTO d : descriptions) {
            for (String service : d.serviceInterfaces) {
                // every service of the component (several components may offer one interface, e.g. Servlet)
                ServiceReference<?>[] refs = context.getServiceReferences(service, "(component.name=" + d.name + ")");
                for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
                    context.getService(ref);
                }
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE) {
                    problems.add(d.name + " is in state " + c.state + (c.failure == null ? "" : ": " + c.failure));
                }
            }
            if (d.name.startsWith("org.nonid.")) {
                nonidComponents++;
            }
        }
        assertTrue(problems.toString(), problems.isEmpty());
        assertTrue("NonID's components: " + nonidComponents, nonidComponents >= 11);
    }

    private Bundle bundleFromFile(File f) {
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().equals(f.toURI().toString())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + f.getName() + " is not installed");
    }

    @Test
    public void aTrainingRunFinishesWithMetricsInTheStore() throws Exception {
        RunSpec spec = new RunSpec("it", 0, "aNbN", Map.of("maxLength", 8), "transformer",
                Map.of("dModel", 8, "heads", 2, "layers", 1, "feedForward", 16, "dropout", 0),
                Map.of("steps", 40, "batchSize", 0, "warmup", 5, "logEvery", 10),
                Map.of("every", 20, "promptLength", 4), "mle", Map.of(), List.of("loss", "bayes-gap", "rule-extrapolation"), 1, "cpu");
        RunHandle handle = experiments.start(spec, p -> { });
        RunOutcome outcome = handle.await(120, TimeUnit.SECONDS).orElseThrow();
        assertEquals(outcome.reason(), RunStatus.FINISHED, outcome.status());
        assertEquals(RunStatus.FINISHED, store.run(handle.runId()).orElseThrow().status());
        List<MetricPoint> history = store.history(handle.runId());
        assertEquals(4, history.stream().filter(p -> p.key().equals("train/loss")).count());
        assertEquals(3, history.stream().filter(p -> p.key().equals("val/loss")).count());
        assertTrue(store.summary(handle.runId()).containsKey("best/ood/rule_1_accuracy"));
        assertTrue(Files.isRegularFile(store.dataDirectory().resolve("runs.db")));
    }

    @Test
    public void aPluginInstalledAtRuntimeAppearsAndVanishes() throws Exception {
        File transformer = Runtime.bundleFiles().stream().filter(f -> f.getName().startsWith("org.nonid.model.transformer-"))
                .findFirst().orElseThrow();
        assertTrue(Runtime.shell(processor, "nonid:plugins").contains("transformer"));

        bundleFromFile(transformer).uninstall();
        String without = Runtime.shell(processor, "nonid:plugins");
        assertFalse(without, without.contains("transformer"));
        assertTrue(without, without.contains("aNbN"));

        // hot deployment: a jar dropped into the watched plugins folder
        Path plugins = Files.createDirectories(Runtime.work("runtime-it").resolve("plugins"));
        Path dropped = plugins.resolve(transformer.getName());
        Files.copy(transformer.toPath(), dropped, StandardCopyOption.REPLACE_EXISTING);
        waitFor(() -> catalog.list().stream().anyMatch(p -> p.name().equals("transformer")), "the dropped plugin to appear");
        assertTrue(Runtime.shell(processor, "nonid:plugins").contains("transformer"));

        Files.delete(dropped);
        waitFor(() -> catalog.list().stream().noneMatch(p -> p.name().equals("transformer")), "the removed plugin to vanish");
        assertFalse(Runtime.shell(processor, "nonid:plugins").contains("transformer"));

        Bundle back = context.installBundle(transformer.toURI().toString());
        back.start();
        assertTrue(Runtime.shell(processor, "nonid:plugins").contains("transformer"));
    }

    @Test
    public void everyLanguageIsListedWithItsVersionAndTheirBundleSwapsWithoutARestart() throws Exception {
        List<String> languages = List.of("baN", "bbaN", "aNbN", "dyck", "aNbNcN", "csDyck", "aNbNaN", "abN", "aNbM",
                "parentheses");
        String listing = Runtime.shell(processor, "nonid:plugins");
        for (String name : languages) {
            assertTrue(listing, listing.lines().anyMatch(
                    l -> l.matches("language\\s+" + name + "\\s+org\\.nonid\\.language\\.formal\\s+\\d+\\.\\d+\\.\\d+.*")));
        }
        String dyck = Runtime.shell(processor, "nonid:language dyck maxLength=16");
        assertTrue(dyck, dyck.contains("prompts (K=8):    32 in-distribution, 32 out-of-distribution"));
        assertTrue(dyck, dyck.lines().anyMatch(l -> l.trim().matches("rule_1_accuracy\\s+0\\.\\d+ ± 0\\.\\d+\\s+0\\.1\\d+ ± .*")));

        File formal = Runtime.bundleFiles().stream().filter(f -> f.getName().startsWith("org.nonid.language.formal-"))
                .findFirst().orElseThrow();
        bundleFromFile(formal).uninstall();
        String without = Runtime.shell(processor, "nonid:plugins");
        for (String name : languages) {
            assertFalse(without, without.lines().anyMatch(l -> l.startsWith("language") && l.contains(" " + name + " ")));
        }
        assertTrue(without, without.contains("transformer"));
        Bundle back = context.installBundle(formal.toURI().toString());
        back.start();
        waitFor(() -> catalog.list().stream().filter(p -> languages.contains(p.name())).count() == languages.size(),
                "the languages to come back");
    }

    @Test
    public void everyModelFamilyIsListedAndItsBundleSwapsWithoutARestart() throws Exception {
        Map<String, String> bundles = Map.of("lstm", "org.nonid.model.lstm", "linear", "org.nonid.model.linear",
                "mamba", "org.nonid.model.mamba", "xlstm", "org.nonid.model.xlstm");
        String listing = Runtime.shell(processor, "nonid:plugins");
        for (Map.Entry<String, String> e : bundles.entrySet()) {
            assertTrue(listing, listing.lines().anyMatch(l -> l.matches("model family\\s+" + e.getKey() + "\\s+"
                    + e.getValue().replace(".", "\\.") + "\\s+\\d+\\.\\d+\\.\\d+.*")));
            File jar = Runtime.bundleFiles().stream().filter(f -> f.getName().startsWith(e.getValue() + "-"))
                    .findFirst().orElseThrow();
            bundleFromFile(jar).uninstall();
            waitFor(() -> catalog.list().stream().noneMatch(p -> p.name().equals(e.getKey())), e.getKey() + " to vanish");
            context.installBundle(jar.toURI().toString()).start();
            waitFor(() -> catalog.list().stream().anyMatch(p -> p.name().equals(e.getKey())), e.getKey() + " to come back");
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
