package org.nonid.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.testkit.BackendConformance;
import org.nonid.testkit.GradientChecks;
import org.nonid.testkit.NamedCheck;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Both compute backends pass the conformance kit inside the framework: the Vector API reaches the
 * cpu bundle through the system bundle, and ND4J finds its native backend through the wrapper's
 * class loader.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BackendsIT {
    @Inject
    private PluginCatalog catalog;

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
}
