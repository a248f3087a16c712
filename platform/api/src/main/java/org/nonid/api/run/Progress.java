package org.nonid.api.run;

import java.util.Map;

/**
 * A snapshot of a run's progress.
 *
 * @param runId          the run
 * @param phase          what it is doing: {@code setup}, {@code training}, {@code evaluating}, {@code done}
 * @param step           optimizer steps done
 * @param totalSteps     steps planned
 * @param trainLoss      the latest training loss (mean per weighted position), NaN before the first step
 * @param elapsedSeconds since the run started
 * @param etaSeconds     estimated seconds left, NaN when unknown
 * @param lastEvaluation metrics of the latest evaluation (empty before the first)
 */
public record Progress(long runId, String phase, long step, long totalSteps, double trainLoss,
                       double elapsedSeconds, double etaSeconds, Map<String, Double> lastEvaluation) {
    public Progress {
        lastEvaluation = Map.copyOf(lastEvaluation);
    }
}
