package org.nonid.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
    private final ConfigSchema schema = ConfigSchema.builder()
            .integer("width", 32, 1, null, "width")
            .number("lr", 2e-3, 1e-12, 10.0, "learning rate")
            .flag("pad", true, "count PAD")
            .choice("kind", "a", List.of("a", "b"), "kind")
            .check(c -> c.getInt("width") % 2 == 0 ? List.of() : List.of("width = " + c.getInt("width") + " must be even"))
            .build();

    @Test
    void defaultsAndTypedValues() {
        Config c = schema.resolve("model", Map.of("width", "64", "lr", "1e-3", "pad", "false"));
        assertEquals(64, c.getInt("width"));
        assertEquals(1e-3, c.getDouble("lr"));
        assertEquals(false, c.getBoolean("pad"));
        assertEquals("a", c.getString("kind"));
        assertEquals(schema.defaults(), schema.resolve("", Map.of()));
    }

    @Test
    void everyProblemIsReportedWithItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> schema.resolve("model",
                Map.of("width", 2.5, "lr", -1, "kind", "c", "colour", "red")));
        assertEquals(List.of(
                "unknown key 'model.colour'; nearest: model.lr, model.width, model.pad",
                "model.width: expected an integer, got 2.5",
                "model.lr = -1: must be [1e-12, 10]",
                "model.kind = c: must be one of a, b"), e.problems());
    }

    @Test
    void crossKeyChecksRunOnValidValues() {
        ConfigException e = assertThrows(ConfigException.class, () -> schema.resolve("model", Map.of("width", 3)));
        assertEquals("model: width = 3 must be even", e.getMessage());
        ConfigException b = assertThrows(ConfigException.class, () -> schema.resolve("model", Map.of("pad", "maybe")));
        assertEquals("model.pad: expected true or false, got 'maybe'", b.getMessage());
    }
}
