package org.nonid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A whole training step, once the JIT has compiled it, allocates little: the graph's bookkeeping,
 * not vectors. A kernel whose vectors the JIT fails to keep in registers allocates a box for each
 * vector operation, megabytes a step, and runs 10-20% slower; no kernel-by-kernel test sees that,
 * as it depends on which kernels share the Vector API's code in one process and in which order the
 * JIT compiles them. Each size runs in a fresh JVM started with this JVM's options (the build's),
 * as {@code bench/run} does.
 */
class SteadyStateAllocationTest {
    private static final Pattern ALLOCATED = Pattern.compile("\"step_alloc_kib\":([0-9.]+)");

    @Test
    void aTransformerStepAtTheQuickstartSizeAllocatesNoVectors() throws Exception {
        // about 200 KiB a step with every kernel compiled whole; 4,300 KiB with boxed vectors
        assertAllocatesAtMost("quickstart", 1024);
    }

    @Test
    void anXlstmStepAtTheArchitectureSizeAllocatesNoVectors() throws Exception {
        // about 780 KiB a step with every kernel compiled whole; 2,800 KiB with boxed vectors
        assertAllocatesAtMost("xlstm-arch", 1536);
    }

    private static void assertAllocatesAtMost(String size, double kib) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(buildJvmOptions());
        command.add("-Xmx1g");
        command.add("-XX:+UseParallelGC");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Bench.class.getName());
        // 300 steps for the JIT to compile every kernel (about a second at these sizes), 100 measured
        command.addAll(List.of(size, "cpu", "1", "100", "300", "1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), size + ": the benchmark did not finish");
        assertEquals(0, process.exitValue(), size + ": " + output);
        Matcher m = ALLOCATED.matcher(output);
        assertTrue(m.find(), size + ": no step_alloc_kib in " + output);
        double allocated = Double.parseDouble(m.group(1));
        assertTrue(allocated <= kib, size + ": a compiled step allocates " + allocated + " KiB (at most " + kib
                + "): some kernel's vectors are boxed; JVM options " + buildJvmOptions());
    }

    /** This JVM's {@code -XX} options and added modules: what the build starts its JVMs with. */
    private static List<String> buildJvmOptions() {
        List<String> options = new ArrayList<>();
        List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < input.size(); i++) {
            String a = input.get(i);
            if (a.startsWith("-XX:") || a.startsWith("--add-modules=")) {
                options.add(a);
            } else if (a.equals("--add-modules") && i + 1 < input.size()) {
                options.add(a);
                options.add(input.get(++i));
            }
        }
        return options;
    }
}
