package org.nonid.api.run;

import java.util.List;

/**
 * An experiment translated from another tool's files.
 *
 * @param text    the experiment file's text (YAML), the mapping in comments at its head
 * @param mapping one line per key: where it went in NonID, or why it was ignored
 */
public record ImportedExperiment(String text, List<String> mapping) {
    public ImportedExperiment {
        mapping = List.copyOf(mapping);
    }
}
