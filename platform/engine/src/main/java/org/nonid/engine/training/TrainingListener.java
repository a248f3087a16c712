package org.nonid.engine.training;

import java.util.Map;
import org.nonid.api.model.Model;

/** What a {@link Trainer} reports while it runs; called on the training thread. */
public interface TrainingListener {

    /** After every optimizer step. */
    void onStep(long step, double trainLoss, boolean recorded);

    /** After every evaluation; {@code best} when its validation loss is the lowest so far. */
    void onEvaluation(long step, Map<String, Double> metrics, boolean best, Model model);

    /** Asked before every step: true stops the run as cancelled. */
    boolean cancelRequested();
}
