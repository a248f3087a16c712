package org.nonid.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No platform source names a metric key: views read the measures' descriptions of their metrics,
 * and the platform's own metrics are declared once, in {@code org.nonid.api.run.RunMetrics}.
 */
class MetricKeysTest {
    /** A string literal that is a metric key, a summary of one, or a split prefix of one. */
    private static final Pattern KEY = Pattern.compile(
            "\"(?:best/|max/|min/)?(?:train|val|test|id|ood|data|params|icl|finetune)/(?:[a-z0-9_]+)?\"");
    private static final String DECLARATION = "RunMetrics.java";

    @Test
    void noPlatformSourceNamesAMetricKey() throws IOException {
        Path platform = Paths.get("..").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(platform.resolve("engine/src/main/java")), platform + " is not the platform folder");
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(platform)) {
            // each module's own sources (platform/MODULE/src/main/java), not what builds copy into target/
            for (Path file : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java")
                    && platform.relativize(p).toString().matches("[^/]+/src/main/java/.*"))::iterator) {
                files++;
                if (file.getFileName().toString().equals(DECLARATION)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = KEY.matcher(lines.get(i));
                    while (m.find()) {
                        found.add(platform.relativize(file) + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }
        assertTrue(files > 100, "the scan read " + files + " files");
        assertEquals(List.of(), found, "metric keys named in platform sources");
    }

    @Test
    void thePatternFindsWhatItLooksFor() {
        for (String literal : List.of("\"val/loss\"", "\"best/ood/rule_1_accuracy\"", "\"id/\"", "\"max/test/loss\"")) {
            assertTrue(KEY.matcher(literal).find(), literal);
        }
        assertTrue(!KEY.matcher("\"bin/nonid\"").find() && !KEY.matcher("\"add/relu\"").find());
    }
}
