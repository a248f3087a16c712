package org.nonid.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The per-process framework caches under the data folder: each runtime uses its own (named by its
 * pid) and removes it when it stops; at start, the caches of processes that no longer run are
 * removed (a killed runtime cannot remove its own).
 */
final class FrameworkCaches {
    private FrameworkCaches() {
    }

    static void removeStale(Path caches) throws IOException {
        Files.createDirectories(caches);
        try (Stream<Path> folders = Files.list(caches)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                String name = folder.getFileName().toString();
                boolean stale = !name.matches("\\d{1,19}")
                        || ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true);
                if (stale && !name.equals(Long.toString(ProcessHandle.current().pid()))) {
                    remove(folder);
                }
            }
        }
    }

    /** Removes a cache folder and everything in it, as far as it can. */
    static void remove(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // another runtime is removing it too, or it is not ours: leave it
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // the folder went while we walked it
        }
    }
}
