package org.nonid.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An ordered set of typed keys. {@link #resolve} turns user-given values into a {@link Config},
 * rejecting unknown keys (with the list of known ones), wrong types and out-of-range values,
 * and then running the schema's cross-key checks.
 */
public final class ConfigSchema {
    private final Map<String, ConfigKey> keys;
    private final List<Function<Config, List<String>>> checks;

    private ConfigSchema(Map<String, ConfigKey> keys, List<Function<Config, List<String>>> checks) {
        this.keys = keys;
        this.checks = checks;
    }

    /** A schema without keys. */
    public static ConfigSchema empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The keys in declaration order. */
    public Collection<ConfigKey> keys() {
        return keys.values();
    }

    /** Whether the schema has this key. */
    public boolean has(String name) {
        return keys.containsKey(name);
    }

    /** The defaults, as a resolved configuration. */
    public Config defaults() {
        return resolve("", Map.of());
    }

    /**
     * Resolves given values against the schema.
     *
     * @param scope prefix for messages, e.g. {@code "model"} gives {@code model.heads}; may be empty
     * @param given user values by key; missing keys take their defaults
     * @throws ConfigException listing every problem found
     */
    public Config resolve(String scope, Map<String, ?> given) {
        String prefix = scope == null || scope.isEmpty() ? "" : scope + ".";
        List<String> problems = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!keys.containsKey(name)) {
                problems.add(UnknownName.message("key", prefix + name, knownKeys(prefix)));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ConfigKey key : keys.values()) {
            Object raw = given.containsKey(key.name()) ? given.get(key.name()) : key.defaultValue();
            try {
                Object value = ConfigValues.coerce(key.type(), raw);
                String problem = checkBounds(key, value);
                if (problem != null) {
                    problems.add(prefix + key.name() + " = " + raw + ": " + problem);
                } else {
                    values.put(key.name(), value);
                }
            } catch (IllegalArgumentException e) {
                problems.add(prefix + key.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Config config = new Config(values);
        for (Function<Config, List<String>> check : checks) {
            for (String problem : check.apply(config)) {
                problems.add(prefix.isEmpty() ? problem : scope + ": " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private List<String> knownKeys(String prefix) {
        List<String> names = new ArrayList<>();
        for (String name : keys.keySet()) {
            names.add(prefix + name);
        }
        return names;
    }

    private static String checkBounds(ConfigKey key, Object value) {
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "must be a number, not NaN";
            }
            if (key.min() != null && d < key.min()) {
                return "must be " + key.constraint();
            }
            if (key.max() != null && d > key.max()) {
                return "must be " + key.constraint();
            }
        }
        if (value instanceof String && !key.choices().isEmpty() && !key.choices().contains(value)) {
            return "must be one of " + String.join(", ", key.choices());
        }
        return null;
    }

    /** Builds a schema key by key. */
    public static final class Builder {
        private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
        private final List<Function<Config, List<String>>> checks = new ArrayList<>();

        private Builder() {
        }

        /** Adds a fully described key. */
        public Builder key(ConfigKey key) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("duplicate key " + key.name());
            }
            return this;
        }

        public Builder integer(String name, int defaultValue, Integer min, Integer max, String description) {
            return key(new ConfigKey(name, ConfigType.INT, defaultValue, description,
                    min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(), List.of()));
        }

        public Builder number(String name, double defaultValue, Double min, Double max, String description) {
            return key(new ConfigKey(name, ConfigType.DOUBLE, defaultValue, description, min, max, List.of()));
        }

        public Builder flag(String name, boolean defaultValue, String description) {
            return key(new ConfigKey(name, ConfigType.BOOLEAN, defaultValue, description, null, null, List.of()));
        }

        public Builder text(String name, String defaultValue, String description) {
            return key(new ConfigKey(name, ConfigType.STRING, defaultValue, description, null, null, List.of()));
        }

        public Builder choice(String name, String defaultValue, List<String> choices, String description) {
            return key(new ConfigKey(name, ConfigType.STRING, defaultValue, description, null, null, choices));
        }

        /**
         * Adds a check across keys, run after every key is valid on its own. It returns one
         * message per problem, each naming the keys involved.
         */
        public Builder check(Function<Config, List<String>> check) {
            checks.add(check);
            return this;
        }

        public ConfigSchema build() {
            return new ConfigSchema(new LinkedHashMap<>(keys), List.copyOf(checks));
        }
    }
}
