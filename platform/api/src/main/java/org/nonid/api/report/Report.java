package org.nonid.api.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A written report.
 *
 * @param files   the files written
 * @param skipped one line for each run left out of a part of the report, and why (e.g. a checkpoint
 *                that does not load leaves the run out of the completions)
 */
public record Report(List<Path> files, List<String> skipped) {
    public Report {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
