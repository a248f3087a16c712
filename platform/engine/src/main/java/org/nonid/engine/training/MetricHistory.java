package org.nonid.engine.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Direction;
import org.nonid.api.run.RunMetrics;

/**
 * The evaluations of a run so far: the step of minimum validation loss and every metric there,
 * and each metric's best value over the evaluations after training began: the maximum or the minimum, as each metric's
 * declared direction says (keys no measure declares follow their names: losses, gaps and
 * divergences are lower-is-better).
 */
public final class MetricHistory {
    /** The key whose minimum picks the best step. */
    public static final String VALIDATION_LOSS = RunMetrics.VALIDATION_LOSS.key();

    private final Map<String, Direction> directions;
    private final boolean extremesIncludeStart;

    private final Map<String, Double> atBest = new LinkedHashMap<>();
    private final Map<String, Double> extreme = new LinkedHashMap<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private double bestLoss = Double.POSITIVE_INFINITY;
    private long bestStep = -1;
    private int evaluationsSinceBest;
    private long lastStep = -1;

    /** A history whose metrics' directions follow their names. */
    public MetricHistory() {
        this(Map.of(), false);
    }

    /**
     * A history with the declared directions of some metrics.
     *
     * @param extremesIncludeStart whether an evaluation at step 0 enters the extremes over the history:
     *                             not for a model that trains (the untrained model can score by accident,
     *                             and the papers never evaluate it), yes for one that takes no step
     */
    public MetricHistory(Map<String, Direction> directions, boolean extremesIncludeStart) {
        this.directions = Map.copyOf(directions);
        this.extremesIncludeStart = extremesIncludeStart;
    }

    /**
     * Adds an evaluation.
     *
     * @return whether it is the new best (lowest validation loss)
     */
    public boolean add(long step, Map<String, Double> metrics) {
        lastStep = step;
        last.clear();
        last.putAll(metrics);
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            double v = e.getValue();
            if (Double.isNaN(v) || step == 0 && !extremesIncludeStart) {
                continue;
            }
            extreme.merge(e.getKey(), v, isLossLike(e.getKey()) ? Math::min : Math::max);
        }
        Double loss = metrics.get(VALIDATION_LOSS);
        if (loss != null && loss < bestLoss) {
            bestLoss = loss;
            bestStep = step;
            evaluationsSinceBest = 0;
            atBest.clear();
            atBest.putAll(metrics);
            return true;
        }
        evaluationsSinceBest++;
        return false;
    }

    /** Whether lower values of a key are better: its declared direction, or else its name's. */
    public boolean isLossLike(String key) {
        return directions.getOrDefault(key, MetricInfo.byName(key)) == Direction.LOWER_IS_BETTER;
    }

    public long bestStep() {
        return bestStep;
    }

    public double bestLoss() {
        return bestLoss;
    }

    public int evaluationsSinceBest() {
        return evaluationsSinceBest;
    }

    public Map<String, Double> last() {
        return Map.copyOf(last);
    }

    /**
     * The summary: {@code best/KEY} (at the best step), {@code max/KEY} or {@code min/KEY} (over
     * the history), {@code best_step}, {@code min_val_loss} and {@code last_step}.
     */
    public Map<String, Double> summary() {
        Map<String, Double> s = new LinkedHashMap<>();
        if (bestStep >= 0) {
            s.put("best_step", (double) bestStep);
            s.put("min_val_loss", bestLoss);
        }
        s.put("last_step", (double) lastStep);
        for (Map.Entry<String, Double> e : atBest.entrySet()) {
            s.put("best/" + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Double> e : extreme.entrySet()) {
            s.put((isLossLike(e.getKey()) ? "min/" : "max/") + e.getKey(), e.getValue());
        }
        return s;
    }
}
