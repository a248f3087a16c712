package org.nonid.engine.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;

/**
 * The settings of one trial of the papers' code, by dotted key ({@code model.dim_model},
 * {@code data.grammar}, {@code trainer.max_epochs}, {@code seed_everything}), each with where it
 * came from: the code's own defaults, the Lightning config a W&B sweep's command names, the sweep's
 * parameters ({@code value}, {@code values} or a {@code distribution}), and the command line.
 */
final class AuthorsSettings {
    /** W&B's keys that say how to run a sweep, not what a trial is. */
    static final List<String> WANDB_METADATA = List.of("program", "command", "metric", "project", "entity", "name",
            "description", "early_terminate", "count", "run_cap");

    /** One setting: a value, or the values a sweep takes, or a sweep distribution; and its origin. */
    record Setting(Object value, List<Object> values, Map<String, Object> distribution, String origin) {
        boolean isList() {
            return values != null;
        }

        boolean isDistribution() {
            return distribution != null;
        }

        @Override
        public String toString() {
            return isList() ? String.valueOf(values) : isDistribution() ? String.valueOf(distribution)
                    : String.valueOf(value);
        }
    }

    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean sweep;
    private final String method;

    private AuthorsSettings(boolean sweep, String method) {
        this.sweep = sweep;
        this.method = method;
    }

    /**
     * Reads a W&B sweep file or a Lightning config file of the papers' repository, over the code's
     * defaults; a sweep's base config is looked for from the repository root (the sweep file's
     * folder's parent) and the sweep's folder.
     */
    static AuthorsSettings read(Path file, List<String> overrides) throws IOException {
        String source = file.getFileName().toString();
        Object loaded = YamlText.load(Files.readString(file), source);
        if (!(loaded instanceof Map)) {
            throw new ConfigException(source + ": not a W&B sweep or a Lightning config (a map of keys)");
        }
        Map<String, Object> root = strings((Map<?, ?>) loaded);
        boolean isSweep = root.containsKey("parameters") || root.containsKey("method");
        AuthorsSettings s = new AuthorsSettings(isSweep, isSweep ? String.valueOf(root.getOrDefault("method", "grid"))
                : "none");
        s.layer(AuthorsDefaults.CODE, "the code's defaults");
        if (isSweep) {
            for (String key : root.keySet()) {
                if (WANDB_METADATA.contains(key)) {
                    s.notes.add(key + ": W&B metadata, ignored");
                } else if (!key.equals("parameters") && !key.equals("method")) {
                    throw new ConfigException(source + ": '" + key + "' is not a key of a W&B sweep");
                }
            }
            for (String config : baseConfigs(root.get("command"))) {
                Path found = locate(file, config);
                if (found == null) {
                    s.notes.add("--config " + config + ": not found next to the sweep or at the repository root;"
                            + " what the sweep does not set takes the code's defaults");
                } else {
                    Object base = YamlText.load(Files.readString(found), config);
                    if (base instanceof Map) {
                        s.layer(flatten(strings((Map<?, ?>) base)), config);
                    }
                }
            }
            Object parameters = root.get("parameters");
            if (!(parameters instanceof Map)) {
                throw new ConfigException(source + ": parameters must be a section of dotted keys");
            }
            strings((Map<?, ?>) parameters).forEach((key, spec) -> s.parameter(source, key, spec));
        } else {
            s.layer(flatten(root), source);
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq < 1) {
                throw new ConfigException("'" + override + "' is not of the form authors.key=value (e.g. data.grammar=aNbN)");
            }
            s.settings.put(override.substring(0, eq), new Setting(YamlText.scalar(override.substring(eq + 1), "command line"),
                    null, null, "command line"));
        }
        return s;
    }

    private void layer(Map<String, Object> values, String origin) {
        values.forEach((k, v) -> settings.put(k, new Setting(v, null, null, origin)));
    }

    private void parameter(String source, String key, Object spec) {
        if (!(spec instanceof Map)) {
            throw new ConfigException(source + ": parameters." + key + " must be {value: x}, {values: [...]} or"
                    + " {distribution: ..., min, max}");
        }
        Map<String, Object> m = strings((Map<?, ?>) spec);
        if (m.containsKey("value")) {
            settings.put(key, new Setting(m.get("value"), null, null, source));
        } else if (m.get("values") instanceof List) {
            List<Object> values = new ArrayList<>((List<?>) m.get("values"));
            settings.put(key, values.size() == 1 ? new Setting(values.get(0), null, null, source)
                    : new Setting(null, values, null, source));
        } else if (m.containsKey("distribution")) {
            settings.put(key, new Setting(null, null, m, source));
        } else {
            throw new ConfigException(source + ": parameters." + key + " has neither value, values nor distribution");
        }
    }

    /** The paths after {@code --config} in a W&B command. */
    private static List<String> baseConfigs(Object command) {
        List<String> out = new ArrayList<>();
        if (command instanceof List) {
            List<?> words = (List<?>) command;
            for (int i = 0; i + 1 < words.size(); i++) {
                if ("--config".equals(String.valueOf(words.get(i)))) {
                    out.add(String.valueOf(words.get(i + 1)));
                }
            }
        }
        return out;
    }

    private static Path locate(Path sweepFile, String config) {
        Path folder = sweepFile.toAbsolutePath().getParent();
        for (Path base : new Path[] {folder.getParent(), folder}) {
            if (base != null && Files.isRegularFile(base.resolve(config))) {
                return base.resolve(config);
            }
        }
        return null;
    }

    /** A Lightning config as dotted keys, two levels deep ({@code trainer.callbacks} stays a list). */
    private static Map<String, Object> flatten(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((section, value) -> {
            if (value instanceof Map) {
                strings((Map<?, ?>) value).forEach((k, v) -> out.put(section + "." + k, v));
            } else {
                out.put(section, value);
            }
        });
        return out;
    }

    private static Map<String, Object> strings(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    boolean isSweep() {
        return sweep;
    }

    String method() {
        return method;
    }

    Map<String, Setting> all() {
        return settings;
    }

    Setting get(String key) {
        return settings.get(key);
    }

    /** What reading the file noted (ignored metadata, a base config not found). */
    List<String> notes() {
        return notes;
    }
}
