package org.nonid.api.run;

import java.time.Instant;

/**
 * A run as the store holds it.
 *
 * @param id              run id
 * @param experiment      experiment name
 * @param trial           index in the experiment
 * @param seed            the run seed
 * @param language        language name
 * @param model           model-family name
 * @param backend         backend name
 * @param status          current status
 * @param reason          why it failed, was cancelled or interrupted; empty otherwise
 * @param configJson      the resolved configuration
 * @param environmentJson bundle versions, backend facts, host
 * @param startedAt       when it started
 * @param endedAt         when it ended, or null
 * @param lastStep        the last step with a recorded metric, or -1
 */
public record RunRecord(long id, String experiment, int trial, long seed, String language, String model,
                        String backend, RunStatus status, String reason, String configJson, String environmentJson,
                        Instant startedAt, Instant endedAt, long lastStep) {
}
