package org.nonid.api.run;

import java.util.List;

/** A name that no registered plugin of its kind has; the message lists those that exist. */
public class UnknownPluginException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String name;
    private final List<String> known;

    public UnknownPluginException(String kind, String name, List<String> known) {
        this(kind, name, known, null);
    }

    /**
     * A name whose plugin is installed but did not start.
     *
     * @param failure why it did not start (the exception its component threw), or {@code null}
     *                when no installed plugin has the name
     */
    public UnknownPluginException(String kind, String name, List<String> known, String failure) {
        super(failure == null ? "unknown " + kind + " '" + name + "'; known " + plural(kind) + ": "
                + (known.isEmpty() ? "(none installed)" : String.join(", ", known))
                : kind + " '" + name + "' is installed but did not start: " + failure
                        + " (nonid:plugins lists the problems)");
        this.kind = kind;
        this.name = name;
        this.known = List.copyOf(known);
    }

    private static String plural(String kind) {
        return kind.endsWith("family") ? kind.replace("family", "families") : kind + "s";
    }

    /** language, model family, measure or backend. */
    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public List<String> known() {
        return known;
    }

    /** The message alone, which lists the installed plugins of the kind. */
    @Override
    public String toString() {
        return getMessage();
    }
}
