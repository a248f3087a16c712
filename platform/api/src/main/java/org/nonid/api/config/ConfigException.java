package org.nonid.api.config;

import java.util.List;

/**
 * Bad configuration: every problem found, each naming the key at fault and why.
 * Thrown before anything is allocated.
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

    /** Each problem, one sentence naming the key. */
    public List<String> problems() {
        return problems;
    }
}
