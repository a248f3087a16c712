package org.nonid.api.run;

import java.util.List;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Direction;

/**
 * The metrics the platform itself records for runs, described as a measure's are; views and
 * exports name them through these, never by their keys.
 */
public final class RunMetrics {
    /** The training loss of each logged step. */
    public static final MetricInfo TRAIN_LOSS = new MetricInfo("train/loss",
            "mean cross-entropy per position of the training batch", Direction.LOWER_IS_BETTER).labelled("loss");
    /** The validation loss of each evaluation; its minimum picks the best step. */
    public static final MetricInfo VALIDATION_LOSS = new MetricInfo("val/loss",
            "mean cross-entropy per position over the validation words", Direction.LOWER_IS_BETTER).labelled("val");
    /** A fine-tuning run's parent (summary only). */
    public static final MetricInfo PARENT_RUN = new MetricInfo("finetune/parent_run",
            "the run whose weights a fine-tuning run started from", Direction.HIGHER_IS_BETTER).labelled("parent");
    /** How much a reparametrisation changed the parent's function (summary only). */
    public static final MetricInfo MAX_LOGIT_DIFFERENCE = new MetricInfo("finetune/max_logit_difference",
            "largest change of a next-token log-probability made by the reparametrisation, over the validation words",
            Direction.LOWER_IS_BETTER).labelled("largest log-probability change");

    private RunMetrics() {
    }

    /** All of them. */
    public static List<MetricInfo> all() {
        return List.of(TRAIN_LOSS, VALIDATION_LOSS, PARENT_RUN, MAX_LOGIT_DIFFERENCE);
    }
}
