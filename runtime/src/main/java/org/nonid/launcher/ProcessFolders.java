package org.nonid.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders under the data folder that belong to one process, named by its pid: the framework cache
 * ({@code cache/PID}) and the temporary folder ({@code tmp/PID}). Each runtime removes its own when
 * it stops; at start, those of processes that no longer run are removed (a killed runtime cannot
 * remove its own), so any number of runtimes can share a data folder.
 */
final class ProcessFolders {
    private ProcessFolders() {
    }

    /** Removes the folders in {@code parent} of processes that no longer run. */
    static void removeStale(Path parent) throws IOException {
        Files.createDirectories(parent);
        try (Stream<Path> folders = Files.list(parent)) {
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

    /** Removes a folder and everything in it, as far as it can. */
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
