package org.nonid.backend.cpu;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.nonid.api.compute.ComputeBackend;

/**
 * A {@link ComputeBackend} that runs every call on a CPU backend and, while counting, counts the
 * calls whose method name the filter accepts: tests see what a graph asks of its backend.
 */
final class CountingBackend {
    private final Map<String, Integer> calls = new TreeMap<>();
    private final ComputeBackend backend;
    private boolean counting = true;

    CountingBackend(CpuBackend cpu, Predicate<String> counted) {
        this.backend = (ComputeBackend) Proxy.newProxyInstance(ComputeBackend.class.getClassLoader(),
                new Class<?>[] {ComputeBackend.class}, (proxy, method, args) -> {
                    if (counting && counted.test(method.getName())) {
                        calls.merge(method.getName(), 1, Integer::sum);
                    }
                    try {
                        return method.invoke(cpu, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    ComputeBackend backend() {
        return backend;
    }

    /** Counts from now on (or stops counting), from zero. */
    void count(boolean on) {
        counting = on;
        if (on) {
            calls.clear();
        }
    }

    /** The counted calls so far, by method name. */
    Map<String, Integer> calls() {
        return new TreeMap<>(calls);
    }
}
