package org.nonid.api.config;

/** The value types a configuration key can have. */
public enum ConfigType {
    INT, DOUBLE, BOOLEAN, STRING;

    /** The lower-case name used in messages and listings. */
    public String label() {
        return name().toLowerCase();
    }
}
