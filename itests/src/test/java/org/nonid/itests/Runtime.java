package org.nonid.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ops4j.pax.exam.Option;

/** What the integration tests boot: every bundle of the assembled distribution, as files. */
final class Runtime {
    /** The interactive console stays out: tests have no terminal. */
    private static final List<String> LEFT_OUT = List.of("org.apache.felix.gogo.jline", "jline");

    private Runtime() {
    }

    static Path home() {
        return Paths.get(System.getProperty("nonid.runtime", "../runtime")).toAbsolutePath().normalize();
    }

    static Path work(String name) {
        Path p = Paths.get(System.getProperty("nonid.itests.work", "target/work"), name).toAbsolutePath();
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** An empty work folder (what an earlier run of the tests left is removed). */
    static Path freshWork(String name) {
        Path p = work(name);
        try (var files = Files.walk(p)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(f -> !f.equals(p)).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** The distribution's bundle files, in name order. */
    static List<File> bundleFiles() {
        File[] files = home().resolve("bundle").toFile().listFiles((d, n) -> n.endsWith(".jar"));
        if (files == null || files.length == 0) {
            throw new IllegalStateException("no bundles in " + home().resolve("bundle") + ": package the runtime module first");
        }
        Arrays.sort(files);
        List<File> out = new ArrayList<>();
        for (File f : files) {
            if (LEFT_OUT.stream().noneMatch(prefix -> f.getName().startsWith(prefix + "-"))) {
                out.add(f);
            }
        }
        return out;
    }

    /** Options for a framework with the whole distribution, its data in {@code work/<name>}. */
    /**
     * {@code bin/nonid ARGS} as a test starts it: on a data folder of its own, without the build
     * check, with a small heap (several run at once), its error output merged into its output.
     */
    static ProcessBuilder launcher(Path data, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/nonid").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NONID_DATA", data.toString());
        pb.environment().put("NONID_NO_BUILD", "1");
        pb.environment().put("NONID_HEAP_PERCENT", "15");
        return pb;
    }

    static List<Option> options(String name) {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(frameworkProperty("felix.log.level").value(System.getProperty("felix.log.level", "1")));
        options.add(junitBundles());
        // Added to the packages Pax Exam itself exports from the system bundle (not a replacement of them).
        options.add(systemPackages("jdk.incubator.vector"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(work(name).resolve("plugins").toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        // as the distribution's conf/framework.properties: no HTTP listener until nonid:web
        options.add(frameworkProperty("org.apache.felix.http.enable").value("false"));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.apache.felix.eventadmin.LogLevel").value("1"));
        options.add(systemProperty("nonid.data").value(work(name).resolve("data").toString()));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository")));
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value(""));
        for (File f : bundleFiles()) {
            options.add(bundle(f.toURI().toString()));
        }
        return options;
    }

    /** Runs a Gogo command line and returns what it printed. */
    static String shell(CommandProcessor processor, String commandLine) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(System.in, out, out);
        try {
            Object result = session.execute(commandLine);
            if (result != null) {
                out.println(session.format(result, 1));
            }
        } finally {
            session.close();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
