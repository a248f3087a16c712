package org.nonid.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Says what File Install passes over in silence: a {@code .jar} in {@code plugins/} that is no
 * bundle, and a copy of a built-in bundle (which stays: see {@link BuiltInBundles}). Each file is
 * named once; the folder is looked at when the runtime starts and then every few seconds.
 */
final class PluginsFolderNotes {
    private final Path folder;
    private final Set<String> builtIn;
    private final PrintStream err;
    private final Set<String> said = new HashSet<>();

    PluginsFolderNotes(Path folder, Set<String> builtInNames, PrintStream err) {
        this.folder = folder;
        this.builtIn = Set.copyOf(builtInNames);
        this.err = err;
    }

    /** Looks at the folder once and says what is new. */
    synchronized void look() {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : jars) {
                String note = note(jar);
                String key = jar.getFileName() + ":" + note;
                present.add(key);
                if (note != null && said.add(key)) {
                    err.println("nonid: plugins/" + jar.getFileName() + " " + note);
                }
            }
        } catch (IOException e) {
            return;
        }
        said.retainAll(present);
    }

    private String note(Path jar) {
        String name;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        } catch (IOException e) {
            return "is not a jar (" + e.getMessage() + "): ignored";
        }
        if (name == null) {
            return "is not a bundle (its manifest has no Bundle-SymbolicName): ignored";
        }
        String symbolicName = name.split(";")[0].trim();
        return builtIn.contains(symbolicName) ? "is a copy of the built-in bundle " + symbolicName
                + ": the built-in stays (to change a built-in, rebuild the distribution)" : null;
    }

    /** Looks now, then every {@code seconds} on a daemon thread. */
    void watch(int seconds) {
        look();
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
                look();
            }
        }, "nonid-plugins-notes");
        t.setDaemon(true);
        t.start();
    }
}
