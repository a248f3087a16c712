package org.nonid.api.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Resolved, typed configuration values: immutable, with every key of its schema present. */
public final class Config {
    private final Map<String, Object> values;

    Config(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public int getInt(String key) {
        return (Integer) require(key);
    }

    public double getDouble(String key) {
        return (Double) require(key);
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    public String getString(String key) {
        return (String) require(key);
    }

    /** Every key and its typed value, in schema order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no configuration key '" + key + "'; known keys: " + values.keySet());
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config && ((Config) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
