package org.nonid.api.config;

import java.util.List;
import java.util.Objects;

/**
 * One typed configuration key: its name, type, default, bounds and allowed values.
 *
 * @param name         the key, as written in files and overrides
 * @param type         the value type
 * @param defaultValue the value used when none is given (never null)
 * @param description  one line for listings
 * @param min          inclusive lower bound for numbers, or null
 * @param max          inclusive upper bound for numbers, or null
 * @param choices      the allowed values of a string key; empty when any string is allowed
 */
public record ConfigKey(String name, ConfigType type, Object defaultValue, String description,
                        Double min, Double max, List<String> choices) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        description = description == null ? "" : description;
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A human-readable range or choice list, e.g. {@code >= 1} or {@code none|sinusoidal}. */
    public String constraint() {
        if (!choices.isEmpty()) {
            return String.join("|", choices);
        }
        if (min != null && max != null) {
            return "[" + ConfigValues.format(min) + ", " + ConfigValues.format(max) + "]";
        }
        if (min != null) {
            return ">= " + ConfigValues.format(min);
        }
        if (max != null) {
            return "<= " + ConfigValues.format(max);
        }
        return "";
    }
}
