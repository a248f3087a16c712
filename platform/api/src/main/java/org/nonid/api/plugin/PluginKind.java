package org.nonid.api.plugin;

/** The kinds of plugin NonID composes. */
public enum PluginKind {
    LANGUAGE("language"), MODEL("model family"), MEASURE("measure"), CONDITION("condition"),
    REPARAMETRISATION("reparametrisation"), BACKEND("backend");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    /** How messages name the kind, e.g. {@code model family}. */
    public String label() {
        return label;
    }
}
