package org.nonid.api.run;

import java.time.Instant;
import java.util.List;

/**
 * An experiment as the store keeps it: enough to plan it again (resume, reports, cluster jobs).
 *
 * @param name      the experiment's name
 * @param source    where its spec came from
 * @param text      the spec's text
 * @param overrides the dotted overrides applied to it
 * @param trials    how many trials it has
 * @param createdAt when it was first run
 */
public record ExperimentRecord(String name, String source, String text, List<String> overrides, int trials,
                               Instant createdAt) {
    public ExperimentRecord {
        overrides = List.copyOf(overrides);
    }
}
