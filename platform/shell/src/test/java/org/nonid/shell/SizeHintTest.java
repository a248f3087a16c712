package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.run.RunSpec;

class SizeHintTest {
    private static RunSpec spec(Map<String, Object> language, Map<String, Object> model) {
        return new RunSpec("shell", 0, "aNbN", language, "transformer", model, Map.of(), Map.of(), "mle", Map.of(),
                List.of("loss"), 1, "cpu");
    }

    @Test
    void aRunWithoutASizeIsAnnouncedWithAQuickerWay() {
        String hint = SizeHint.of(spec(Map.of(), Map.of())).orElseThrow();
        assertTrue(hint.contains("papers' size (transformer defaults"), hint);
        assertTrue(hint.contains("examples/quickstart.yaml"), hint);
        assertTrue(SizeHint.of(spec(Map.of(), Map.of("dModel", 32))).isEmpty(), "a model size was given");
        assertTrue(SizeHint.of(spec(Map.of("maxLength", 32), Map.of())).isEmpty(), "a length was given");
    }
}
