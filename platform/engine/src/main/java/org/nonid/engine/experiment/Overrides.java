package org.nonid.engine.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;

/** Applies dotted {@code key=value} overrides, e.g. {@code training.lr=1e-3}, to a nested map. */
final class Overrides {
    private Overrides() {
    }

    /** Applies {@code key=value} strings; values are typed as YAML types them. */
    static void apply(Map<String, Object> root, List<String> overrides) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + override + "' is not of the form key=value (e.g. training.lr=1e-3)");
            }
            String path = override.substring(0, eq).trim();
            put(root, path, YamlText.scalar(override.substring(eq + 1).trim(), "override " + path));
        }
    }

    /** Sets a dotted key to a typed value, creating sections on the way. */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            } else if (child instanceof String && i == 0 && (parts[0].equals("language") || parts[0].equals("model"))) {
                // "language: aNbN" is short for "language: {name: aNbN}"
                Map<String, Object> expanded = new LinkedHashMap<>();
                expanded.put(parts[0].equals("language") ? "name" : "family", child);
                node.put(parts[i], expanded);
                child = expanded;
            } else if (!(child instanceof Map)) {
                throw new ConfigException("'" + path + "': '" + String.join(".", List.of(parts).subList(0, i + 1))
                        + "' is not a section");
            } else {
                child = new LinkedHashMap<>((Map<String, Object>) child);
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[parts.length - 1], value);
    }
}
