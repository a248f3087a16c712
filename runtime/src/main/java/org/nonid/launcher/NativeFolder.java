package org.nonid.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The folder under the data folder where native libraries are unpacked. A process that is killed
 * leaves its copy behind; at start, copies older than a minute are removed (a runtime starting
 * alongside is never between unpacking and loading its own for that long, and a loaded library
 * does not need its file).
 */
final class NativeFolder {
    static final Duration STALE = Duration.ofMinutes(1);

    private NativeFolder() {
    }

    static void prepare(Path folder) throws IOException {
        Files.createDirectories(folder);
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).compareTo(before) < 0) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    // another runtime removed it first, or it is not ours to remove: leave it
                }
            }
        }
    }
}
