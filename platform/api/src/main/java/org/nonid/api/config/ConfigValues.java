package org.nonid.api.config;

import java.math.BigDecimal;

/** Conversions between user-written values and typed ones. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** Formats a number without a trailing ".0" for integral values. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return Math.abs(value) < 1e-4 ? d.toString().toLowerCase() : d.toPlainString();
    }

    /**
     * Converts a given value to the key's type.
     *
     * @return the typed value
     * @throws IllegalArgumentException with a reason (without the key name) if it cannot be converted
     */
    static Object coerce(ConfigType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("no value given");
        }
        switch (type) {
            case INT:
                return toInt(value);
            case DOUBLE:
                return toDouble(value);
            case BOOLEAN:
                return toBoolean(value);
            case STRING:
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    return value.toString();
                }
                throw new IllegalArgumentException("expected a string, got " + describe(value));
            default:
                throw new IllegalStateException(type.name());
        }
    }

    private static Integer toInt(Object value) {
        double d;
        if (value instanceof Number) {
            d = ((Number) value).doubleValue();
        } else if (value instanceof String) {
            try {
                d = Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + value + "'");
            }
        } else {
            throw new IllegalArgumentException("expected an integer, got " + describe(value));
        }
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("expected an integer, got " + format(d));
        }
        if (d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("integer out of range: " + format(d));
        }
        return (int) d;
    }

    private static Double toDouble(Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, got '" + value + "'");
            }
        }
        throw new IllegalArgumentException("expected a number, got " + describe(value));
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String s = ((String) value).trim().toLowerCase();
            if (s.equals("true") || s.equals("yes") || s.equals("on")) {
                return true;
            }
            if (s.equals("false") || s.equals("no") || s.equals("off")) {
                return false;
            }
        }
        throw new IllegalArgumentException("expected true or false, got " + describe(value));
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        return value.getClass().getSimpleName().toLowerCase() + " " + value;
    }
}
