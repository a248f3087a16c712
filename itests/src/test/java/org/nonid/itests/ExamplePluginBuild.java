package org.nonid.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds {@code examples/plugin-example} as its author would: a copy of the project, built by a
 * Maven of its own ({@code mvn verify}) against the BOM and API that this build installed.
 */
final class ExamplePluginBuild {
    private ExamplePluginBuild() {
    }

    /** Builds a fresh copy in {@code work} and returns its plugin jar; the build's output is in the error if it fails. */
    static Path build(Path work) throws IOException, InterruptedException {
        Path source = Paths.get(System.getProperty("nonid.examples", "../examples")).resolve("plugin-example");
        Path project = work.resolve("plugin-example");
        copy(source, project);
        // offline: everything it needs is what this build itself resolved or installed
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-q", "-o", "verify", "-f",
                project.resolve("pom.xml").toString(), "-Dnonid.version=" + System.getProperty("nonid.version"),
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")));
        Path log = work.resolve("plugin-example-build.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the example plugin's build took over 8 minutes");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("the example plugin's build failed (" + String.join(" ", command) + "):\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return project.resolve("target/plugin-example-1.0.0.jar");
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Paths.get(home, "bin", "mvn"))) {
            return Paths.get(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
