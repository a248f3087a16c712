package org.nonid.api.run;

import java.util.List;

/** A name that no registered plugin of its kind has; the message lists those that exist. */
public class UnknownPluginException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String kind;
    private final String name;
    private final List<String> known;

    public UnknownPluginException(String kind, String name, List<String> known) {
        super("unknown " + kind + " '" + name + "'; known " + (kind.endsWith("family") ? kind.replace("family",
                "families") : kind + "s") + ": "
                + (known.isEmpty() ? "(none installed)" : String.join(", ", known)));
        this.kind = kind;
        this.name = name;
        this.known = List.copyOf(known);
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
