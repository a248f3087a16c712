package org.nonid.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/settle}, run before each of {@code bench/run}'s timed runs, waits while the machine
 * hands freed memory back to its host (a counter that keeps moving), and no longer.
 */
class SettleTest {
    private static final Path SCRIPT = Path.of("settle").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void waitsUntilTheCounterHasStoodStillForTheQuietSeconds() throws Exception {
        Path counter = dir.resolve("reported_kib");
        Files.writeString(counter, "0");
        Thread reporter = new Thread(() -> {
            try {
                for (long kib = 1; kib <= 6; kib++) {
                    Thread.sleep(500);
                    Files.writeString(counter, Long.toString(kib * 1024));
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        reporter.start();
        Result result = settle(counter, "2", "60");
        reporter.join();
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().startsWith("settled in "), result.output());
        // six moves half a second apart, then two quiet seconds
        assertTrue(result.seconds() >= 4.0, "returned after " + result.seconds() + " s while the counter moved");
        assertTrue(result.output().contains("(6 MiB returned"), result.output());
    }

    @Test
    void goesOnAfterTheLongestWaitSayingSo() throws Exception {
        Path counter = dir.resolve("reported_kib");
        Files.writeString(counter, "0");
        Thread reporter = new Thread(() -> {
            try {
                for (long kib = 1; !Thread.currentThread().isInterrupted(); kib++) {
                    Thread.sleep(300);
                    Files.writeString(counter, Long.toString(kib));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        reporter.start();
        try {
            Result result = settle(counter, "3", "2");
            assertEquals(0, result.exit(), result.output());
            assertTrue(result.output().contains("still going back to the host after 2 s"), result.output());
        } finally {
            reporter.interrupt();
            reporter.join();
        }
    }

    @Test
    void returnsAtOnceWithoutACounter() throws Exception {
        Result result = settle(dir.resolve("absent"), "5", "120");
        assertEquals(0, result.exit(), result.output());
        assertEquals("", result.output());
    }

    @Test
    void aCounterThatIsNotANumberStillSettles() throws Exception {
        Path counter = dir.resolve("reported_kib");
        Files.writeString(counter, "n/a");
        Result result = settle(counter, "1", "30");
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().matches("settled in [0-9]+ s"), result.output());
    }

    @Test
    void refusesSecondsThatAreNotWholeNumbers() throws Exception {
        Result result = settle(dir.resolve("absent"), "five", "120");
        assertEquals(2, result.exit());
        assertTrue(result.output().contains("whole seconds, not 'five'"), result.output());
    }

    private record Result(int exit, String output, double seconds) {
    }

    private static Result settle(Path counter, String quiet, String max) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), quiet, max).redirectErrorStream(true);
        builder.environment().put("PAGE_REPORTING_COUNTER", counter.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "bench/settle did not return");
        return new Result(process.exitValue(), output, (System.nanoTime() - start) / 1e9);
    }
}
