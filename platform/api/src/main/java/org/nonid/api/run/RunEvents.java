package org.nonid.api.run;

/**
 * What the engine posts on OSGi Event Admin while runs go (asynchronously, in order per run), for
 * any bundle to listen to: an {@code EventHandler} with {@code event.topics=org/nonid/run/*}.
 */
public final class RunEvents {
    /** A run was recorded and starts. Properties: {@link #RUN}, {@link #EXPERIMENT}, {@link #TRIAL}, {@link #SEED}, {@link #LANGUAGE}, {@link #MODEL}. */
    public static final String STARTED = "org/nonid/run/STARTED";
    /** A run reports progress (setup, each logged step, each evaluation). Properties: {@link #RUN}, {@link #EXPERIMENT}, {@link #PHASE}, {@link #STEP}, {@link #TOTAL_STEPS}, {@link #TRAIN_LOSS}, {@link #EVALUATION}. */
    public static final String PROGRESS = "org/nonid/run/PROGRESS";
    /** A run ended. Properties: {@link #RUN}, {@link #EXPERIMENT}, {@link #STATUS}, {@link #REASON}. */
    public static final String ENDED = "org/nonid/run/ENDED";
    /** Every run topic, for a handler's {@code event.topics}. */
    public static final String ALL = "org/nonid/run/*";

    /** The run id (Long). */
    public static final String RUN = "run.id";
    /** The experiment's name (String). */
    public static final String EXPERIMENT = "experiment";
    /** The trial index (Integer). */
    public static final String TRIAL = "trial";
    /** The seed (Long). */
    public static final String SEED = "seed";
    /** The language's name (String). */
    public static final String LANGUAGE = "language";
    /** The model family's name (String). */
    public static final String MODEL = "model";
    /** What the run is doing: setup, training, done, ... (String). */
    public static final String PHASE = "phase";
    /** The last optimizer step (Long). */
    public static final String STEP = "step";
    /** The run's steps (Long). */
    public static final String TOTAL_STEPS = "steps";
    /** The latest training loss (Double; NaN before the first step). */
    public static final String TRAIN_LOSS = "train.loss";
    /** The latest evaluation's metrics by key (an unmodifiable Map of String to Double). */
    public static final String EVALUATION = "evaluation";
    /** The final status's label: finished, failed, cancelled (String). */
    public static final String STATUS = "status";
    /** Why a run failed or was cancelled, empty otherwise (String). */
    public static final String REASON = "reason";

    private RunEvents() {
    }
}
