package org.nonid.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The folders of an installed NonID: {@code bundle/} (the platform and its plugins, installed at
 * start), the plugins folder (hot deployment: jars dropped here are installed, updated and removed
 * while the runtime runs; {@code plugins/} unless {@code NONID_PLUGINS} names another), {@code conf/}
 * (framework properties and configuration) and the data folder (run store, framework cache, native
 * libraries).
 */
record Distribution(Path home, Path data, Path plugins) {

    static Distribution fromSystem() {
        Path home = Paths.get(System.getProperty("nonid.home", ".")).toAbsolutePath().normalize();
        Path data = folder("nonid.data", home.resolve("data"));
        return new Distribution(home, data, folder("nonid.plugins", home.resolve("plugins")));
    }

    /** The folder a system property names ({@code NONID_DATA}, {@code NONID_PLUGINS} through bin/nonid), or the default. */
    private static Path folder(String property, Path otherwise) {
        String value = System.getProperty(property);
        return (value != null && !value.isBlank() ? Paths.get(value) : otherwise).toAbsolutePath().normalize();
    }

    Path bundles() {
        return home.resolve("bundle");
    }

    Path conf() {
        return home.resolve("conf");
    }

    /** The framework caches: one folder per process, so that runtimes can share a data folder. */
    Path frameworkCaches() {
        return data.resolve("cache");
    }

    /** The temporary folders: one per process ({@code bin/nonid} points java.io.tmpdir at this process's). */
    Path temporaryFolders() {
        return data.resolve("tmp");
    }

    /** This process's temporary folder. */
    Path temporaryFolder() {
        return temporaryFolders().resolve(Long.toString(ProcessHandle.current().pid()));
    }

    /** This process's framework cache. */
    Path frameworkCache() {
        return frameworkCaches().resolve(Long.toString(ProcessHandle.current().pid()));
    }
}
