package org.nonid.api.run;

import java.util.Map;

/**
 * How a run ended.
 *
 * @param runId   the run
 * @param status  its final status
 * @param reason  why it failed or was cancelled; empty when finished
 * @param summary its summary metrics
 */
public record RunOutcome(long runId, RunStatus status, String reason, Map<String, Double> summary) {
    public RunOutcome {
        summary = Map.copyOf(summary);
    }
}
