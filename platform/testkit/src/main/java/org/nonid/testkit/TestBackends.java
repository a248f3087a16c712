package org.nonid.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.ComputeBackend;

/**
 * Compute backends for a plugin's own unit tests, outside a framework: the backends on the test
 * class path that declare themselves to {@link ServiceLoader} (the {@code cpu} backend does; add
 * {@code org.nonid:org.nonid.backend.cpu} as a test dependency, its version from the BOM). The cpu
 * backend needs the JVM option {@code --add-modules jdk.incubator.vector} (the plugin archetype's
 * pom sets it for Surefire).
 */
public final class TestBackends {
    private TestBackends() {
    }

    /** The cpu backend, checked usable. */
    public static ComputeBackend cpu() {
        return named("cpu");
    }

    /** The backend of that name on the class path, checked usable; the error says what is missing. */
    public static ComputeBackend named(String name) {
        List<String> found = new ArrayList<>();
        for (ComputeBackend backend : ServiceLoader.load(ComputeBackend.class, TestBackends.class.getClassLoader())) {
            if (backend.name().equals(name)) {
                Availability a = backend.availability();
                if (!a.usable()) {
                    throw new IllegalStateException("the " + name + " backend is not usable here: " + a.reason());
                }
                return backend;
            }
            found.add(backend.name());
        }
        throw new IllegalStateException("no compute backend named '" + name + "' on the test class path"
                + (found.isEmpty() ? "" : " (found: " + String.join(", ", found) + ")")
                + "; add the test dependency org.nonid:org.nonid.backend.cpu");
    }
}
