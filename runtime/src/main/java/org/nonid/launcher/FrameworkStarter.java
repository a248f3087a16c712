package org.nonid.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** Creates the Felix framework, installs every bundle of {@code bundle/} and starts them. */
final class FrameworkStarter {
    /** The bundle that runs the interactive console; left stopped in headless mode. */
    static final String CONSOLE_BUNDLE = "org.apache.felix.gogo.jline";

    private FrameworkStarter() {
    }

    static Map<String, String> properties(Distribution d) throws IOException {
        Map<String, String> props = new HashMap<>();
        Path conf = d.conf().resolve("framework.properties");
        if (Files.isRegularFile(conf)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(conf)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                props.put(key, p.getProperty(key));
            }
        }
        props.put(Constants.FRAMEWORK_STORAGE, d.frameworkCache().toString());
        props.putIfAbsent(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.putIfAbsent(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "jdk.incubator.vector");
        props.put("felix.fileinstall.dir", d.plugins().toString());
        props.putIfAbsent("felix.fileinstall.poll", "1000");
        props.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
        props.putIfAbsent("felix.fileinstall.log.level", "1");
        props.putIfAbsent("felix.log.level", "1");
        webPort().ifPresent(port -> {
            props.put("org.apache.felix.http.enable", "true");
            props.put("org.osgi.service.http.port", Integer.toString(port));
        });
        return props;
    }

    /**
     * The port of the dashboard opened at start ({@code NONID_WEB_PORT}, passed as {@code nonid.web.port}),
     * on 127.0.0.1 as {@code nonid:web} opens it; empty when not asked for.
     *
     * @throws IllegalArgumentException for a value that is not a port from 1024 to 65535
     */
    static java.util.OptionalInt webPort() {
        String text = System.getProperty("nonid.web.port", "").trim();
        if (text.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 1024 && port <= 65535) {
                return java.util.OptionalInt.of(port);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("NONID_WEB_PORT=" + text + " is not a port from 1024 to 65535");
    }

    /** Starts the framework and every bundle but the console (see {@link #startConsole}). */
    static Framework start(Distribution d) throws IOException, BundleException {
        Files.createDirectories(d.data());
        Files.createDirectories(d.plugins());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FrameworkStarter.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/felix.jar)"));
        Framework framework = factory.newFramework(properties(d));
        framework.init();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars(d.bundles())) {
            installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
        }
        if (installed.isEmpty()) {
            throw new IllegalStateException("no bundles in " + d.bundles() + ": build NonID first (mvn -DskipTests package)");
        }
        java.util.Set<Long> builtIn = new java.util.HashSet<>();
        installed.forEach(b -> builtIn.add(b.getBundleId()));
        framework.getBundleContext().registerService(org.osgi.framework.hooks.bundle.FindHook.class,
                new BuiltInBundles(builtIn), null);
        java.util.Set<String> builtInNames = new java.util.HashSet<>();
        installed.forEach(b -> builtInNames.add(b.getSymbolicName()));
        new PluginsFolderNotes(d.plugins(), builtInNames, System.err).watch(2);
        framework.start();
        List<String> failures = new ArrayList<>();
        for (Bundle b : installed) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (fragment || CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        for (String f : failures) {
            System.err.println("nonid: a bundle did not start: " + f);
        }
        return framework;
    }

    /** Starts the interactive console, once the commands it will be asked for exist. */
    static void startConsole(Framework framework) throws BundleException {
        for (Bundle b : framework.getBundleContext().getBundles()) {
            if (CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                b.start();
                return;
            }
        }
        throw new IllegalStateException("no console bundle (" + CONSOLE_BUNDLE + ") in the distribution");
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jars;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) {
                jars.add(p);
            }
        }
        jars.sort(null);
        return jars;
    }
}
