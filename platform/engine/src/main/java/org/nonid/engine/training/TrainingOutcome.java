package org.nonid.engine.training;

import java.util.Map;

/**
 * How training ended.
 *
 * @param kind    finished (all steps or early stopping), failed or cancelled
 * @param reason  why, for failed and cancelled runs; a note for early stopping
 * @param steps   optimizer steps done
 * @param summary the metric summary
 */
public record TrainingOutcome(Kind kind, String reason, long steps, Map<String, Double> summary) {
    public enum Kind { FINISHED, FAILED, CANCELLED }
}
