package org.nonid.api.plugin;

/**
 * Something installed that does not work as a plugin, said in words.
 *
 * @param kind    what went wrong
 * @param subject what it concerns: a bundle ({@code symbolic-name version}), a file in
 *                {@code plugins/}, or a plugin ({@code language aNbN})
 * @param message why, and where it helps, what to do
 */
public record PluginProblem(Kind kind, String subject, String message) {

    /** The kinds of problem, in the order a listing shows them. */
    public enum Kind {
        /** A bundle whose requirements nothing in the runtime satisfies. */
        UNRESOLVED("unresolved"),
        /** A component that threw while it was created or activated. */
        FAILED("failed"),
        /** A file in the plugins folder that is not a bundle. */
        NOT_A_BUNDLE("not a bundle"),
        /** A plugin name offered by more than one service; one of them serves. */
        DUPLICATE("duplicate"),
        /** A service whose {@code nonid.name} property differs from its {@code name()}. */
        NAME_MISMATCH("name mismatch");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** How a listing names the kind. */
        public String label() {
            return label;
        }
    }
}
