package org.nonid.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The installed NonID distribution for a plugin's own integration tests: its launcher
 * ({@code bin/nonid}) runs shell commands headless in a runtime whose plugins folder holds the
 * plugin's bundles and whose data folder is the test's, so that nothing of the installation is
 * touched.
 *
 * <pre>{@code
 * DistributionHarness nonid = DistributionHarness.fromSystem().plugin(Path.of("target/my-plugin-1.0.0.jar"));
 * DistributionHarness.Result r = nonid.run(workFolder, "nonid:plugins; nonid:train -n 20 myLang myFamily");
 * assertEquals(0, r.exitCode(), r.output());
 * }</pre>
 */
public final class DistributionHarness {
    private final Path home;
    private final List<Path> plugins;

    private DistributionHarness(Path home, List<Path> plugins) {
        this.home = home;
        this.plugins = List.copyOf(plugins);
    }

    /** What a run of the launcher printed (output and errors, in order) and its exit status. */
    public record Result(int exitCode, String output) {
    }

    /** The distribution in {@code home} (the {@code runtime/} folder of a NonID checkout that was built). */
    public static DistributionHarness of(Path home) {
        Path launcher = home.resolve("bin/nonid");
        if (!Files.isExecutable(launcher) || !Files.isDirectory(home.resolve("bundle"))) {
            throw new IllegalStateException(home.toAbsolutePath() + " is no built NonID distribution (no bin/nonid or"
                    + " bundle/): give the runtime/ folder of a NonID checkout after mvn install");
        }
        return new DistributionHarness(home.toAbsolutePath().normalize(), List.of());
    }

    /** The distribution named by the system property {@code nonid.home} or the environment's {@code NONID_HOME}. */
    public static DistributionHarness fromSystem() {
        String home = System.getProperty("nonid.home", System.getenv("NONID_HOME"));
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("no NonID distribution given: set -Dnonid.home (or NONID_HOME) to the"
                    + " runtime/ folder of a NonID checkout");
        }
        return of(Paths.get(home));
    }

    /** The same distribution with one more bundle in its plugins folder. */
    public DistributionHarness plugin(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no plugin jar at " + jar.toAbsolutePath() + ": build it first (mvn package)");
        }
        List<Path> more = new ArrayList<>(plugins);
        more.add(jar.toAbsolutePath());
        return new DistributionHarness(home, more);
    }

    /** Runs a command line (commands separated by {@code ;}) with {@code work/data} and {@code work/plugins}, for up to 10 minutes. */
    public Result run(Path work, String commandLine) throws IOException, InterruptedException {
        return run(work, commandLine, 600);
    }

    /** As {@link #run(Path, String)}, killed after {@code seconds}. */
    public Result run(Path work, String commandLine, int seconds) throws IOException, InterruptedException {
        Path pluginFolder = Files.createDirectories(work.resolve("plugins"));
        for (Path jar : plugins) {
            Files.copy(jar, pluginFolder.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = work.resolve("nonid.log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/nonid").toString(), "-c", commandLine)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NONID_DATA", work.resolve("data").toAbsolutePath().toString());
        pb.environment().put("NONID_PLUGINS", pluginFolder.toAbsolutePath().toString());
        pb.environment().put("NONID_NO_BUILD", "1");
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("nonid -c '" + commandLine + "' ran over " + seconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
