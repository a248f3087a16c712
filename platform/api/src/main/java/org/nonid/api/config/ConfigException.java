package org.nonid.api.config;

import java.util.List;

/**
 * Bad configuration or input: every problem found, each naming the key (or the argument) at fault
 * and why. Thrown before anything is allocated; its text is its message alone, so a console prints
 * what went wrong, not a class name.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** One problem, with the failure that revealed it. */
    public ConfigException(String problem, Throwable cause) {
        this(List.of(problem));
        initCause(cause);
    }

    /** Each problem, one sentence naming the key. */
    public List<String> problems() {
        return problems;
    }

    /** The message alone: what a user did wrong, without the class name a console would print. */
    @Override
    public String toString() {
        return getMessage();
    }
}
