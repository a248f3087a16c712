package org.nonid.launcher;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The folders of an installed NonID: {@code bundle/} (the platform and its plugins, installed at
 * start), {@code plugins/} (hot deployment: jars dropped here are installed, updated and removed
 * while the runtime runs), {@code conf/} (framework properties and configuration) and the data
 * folder (run store, framework cache, native libraries).
 */
record Distribution(Path home, Path data) {

    static Distribution fromSystem() {
        Path home = Paths.get(System.getProperty("nonid.home", ".")).toAbsolutePath().normalize();
        String dataProperty = System.getProperty("nonid.data");
        Path data = dataProperty != null && !dataProperty.isBlank() ? Paths.get(dataProperty) : home.resolve("data");
        return new Distribution(home, data.toAbsolutePath().normalize());
    }

    Path bundles() {
        return home.resolve("bundle");
    }

    Path plugins() {
        return home.resolve("plugins");
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
