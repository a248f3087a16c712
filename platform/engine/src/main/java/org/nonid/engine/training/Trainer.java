package org.nonid.engine.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.model.Model;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.api.run.RunMetrics;
import org.nonid.nn.optim.AdamW;
import org.nonid.nn.optim.GradientClipping;
import org.nonid.nn.optim.LearningRateSchedule;
import org.nonid.nn.optim.Optimizer;
import org.nonid.nn.optim.Sgd;

/**
 * Fits a model to a language's training words: full- or mini-batch steps, evaluation every N steps
 * (validation loss plus the run's measures), tracking of the best-validation step and early
 * stopping. A non-finite loss ends the run as failed with the step and the value.
 */
public final class Trainer {
    /** The most sequences a loss is evaluated on at once. */
    private static final int MAX_LOSS_CHUNK = 256;
    private final Model model;
    private final FormalLanguage language;
    private final Datasets data;
    private final PromptSet prompts;
    private final TrainingSettings training;
    private final EvaluationSettings evaluation;
    private final List<Measure> measures;
    private final Optional<AuxiliaryObjective> objective;
    private final long seed;
    private final Sequences sequences;
    private final MetricHistory history;
    private final List<float[]> initialParameters = new ArrayList<>();

    public Trainer(Model model, FormalLanguage language, Datasets data, PromptSet prompts, TrainingSettings training,
                   EvaluationSettings evaluation, List<Measure> measures, Optional<AuxiliaryObjective> objective, long seed) {
        this.model = model;
        this.language = language;
        this.data = data;
        this.prompts = prompts;
        this.training = training;
        this.evaluation = evaluation;
        this.measures = List.copyOf(measures);
        this.objective = objective;
        this.seed = seed;
        this.sequences = new Sequences(language.sequenceLength(), training.includePadTargets());
        Map<String, MetricInfo.Direction> directions = new java.util.HashMap<>();
        RunMetrics.all().forEach(info -> directions.put(info.key(), info.direction()));
        for (Measure m : this.measures) {
            for (MetricInfo info : m.metrics()) {
                directions.put(info.key(), info.direction());
            }
        }
        this.history = new MetricHistory(directions, training.steps() == 0);
        for (var p : model.parameters()) {
            initialParameters.add(model.backend().download(p.value()));
        }
    }

    /** The longest sequence a model must take for this run: training sequences and completions. */
    public static int requiredLength(FormalLanguage language, EvaluationSettings evaluation) {
        return requiredLength(language, evaluation, Optional.empty());
    }

    /** The same, with a condition's taught sequences ({@code SOS prompt completion EOS}). */
    public static int requiredLength(FormalLanguage language, EvaluationSettings evaluation,
                                     Optional<AuxiliaryObjective> objective) {
        int prompt = evaluation.promptLength() > 0 ? evaluation.promptLength() : language.defaultPromptLength();
        int length = Math.max(language.sequenceLength(), 1 + prompt + maxNewTokens(language, evaluation));
        if (objective.isPresent()) {
            for (var t : objective.get().sequences()) {
                length = Math.max(length, t.prompt().length + t.completion().length + 2);
            }
        }
        return length;
    }

    static int maxNewTokens(FormalLanguage language, EvaluationSettings evaluation) {
        return evaluation.maxNewTokens() > 0 ? evaluation.maxNewTokens() : language.maxLength();
    }

    public MetricHistory history() {
        return history;
    }

    /** Trains to the end, to early stopping, to a failure or to cancellation. */
    public TrainingOutcome run(TrainingListener listener) {
        List<int[]> train = data.train();
        if (train.isEmpty()) {
            return new TrainingOutcome(TrainingOutcome.Kind.FAILED, "the training set is empty", 0, history.summary());
        }
        int batchSize = training.batchSize() <= 0 ? train.size() : Math.min(training.batchSize(), train.size());
        // losses are evaluated in chunks no larger than a training batch: what fits in training fits here
        int lossChunk = Math.min(MAX_LOSS_CHUNK, batchSize);
        SplittableRandom order = Seeds.stream(seed, "data-order");
        Completer completer = new Completer(model, maxNewTokens(language, evaluation),
                evaluation.decoding().equals("greedy"), evaluation.temperature(), Seeds.stream(seed, "sampling"),
                listener::cancelRequested);
        LearningRateSchedule schedule = training.schedule().equals("constant")
                ? LearningRateSchedule.constant(training.lr())
                : LearningRateSchedule.inverseSquareRoot(training.lr(), training.warmup());
        // A condition's taught completions are a second batch at every step (their weights carry its weight),
        // all of them or conditionBatch of them drawn in turn.
        Taught taught = objective.map(o -> new Taught(o, training.conditionBatch(), sequences,
                Seeds.stream(seed, "condition-order"))).orElse(null);
        TokenBatch fullBatch = batchSize == train.size() ? sequences.batch(train) : null;
        int[] permutation = identity(train.size());
        int cursor = train.size();
        try (Optimizer optimizer = optimizer()) {
            if (evaluation.atStart() || training.steps() == 0) {
                TrainingOutcome failed = evaluate(0, completer, lossChunk, listener);
                if (failed != null) {
                    return failed;
                }
            }
            for (long step = 1; step <= training.steps(); step++) {
                if (listener.cancelRequested()) {
                    return new TrainingOutcome(TrainingOutcome.Kind.CANCELLED, "cancelled at step " + (step - 1),
                            step - 1, history.summary());
                }
                TokenBatch batch = fullBatch;
                if (batch == null) {
                    if (cursor + batchSize > train.size()) {
                        shuffle(permutation, order);
                        cursor = 0;
                    }
                    List<int[]> words = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        words.add(train.get(permutation[cursor + i]));
                    }
                    cursor += batchSize;
                    batch = sequences.batch(words);
                }
                model.setTraining(true);
                for (var p : model.parameters()) {
                    model.backend().fill(p.gradient(), 0f);
                }
                double loss = model.lossAndGradients(batch);
                if (taught != null) {
                    loss += model.lossAndGradients(taught.next());
                }
                if (!Double.isFinite(loss)) {
                    return new TrainingOutcome(TrainingOutcome.Kind.FAILED,
                            "training loss became " + loss + " at step " + step, step - 1, history.summary());
                }
                if (training.gradClip() > 0) {
                    GradientClipping.clip(model.backend(), model.parameters(), training.gradClip());
                }
                optimizer.step((float) schedule.at(step - 1));
                listener.onStep(step, loss, step % training.logEvery() == 0);
                if (step % evaluation.every() == 0 || step == training.steps()) {
                    TrainingOutcome failed = evaluate(step, completer, lossChunk, listener);
                    if (failed != null) {
                        return failed;
                    }
                    if (training.patience() > 0 && history.evaluationsSinceBest() >= training.patience()) {
                        Map<String, Double> summary = history.summary();
                        return new TrainingOutcome(TrainingOutcome.Kind.FINISHED, "early stopping at step " + step
                                + ": no lower validation loss in " + training.patience() + " evaluations", step, summary);
                    }
                }
            }
            return new TrainingOutcome(TrainingOutcome.Kind.FINISHED, "", training.steps(), history.summary());
        }
    }

    private TrainingOutcome evaluate(long step, Completer completer, int lossChunk, TrainingListener listener) {
        try {
            return evaluateOrCancel(step, completer, lossChunk, listener);
        } catch (java.util.concurrent.CancellationException e) {
            return new TrainingOutcome(TrainingOutcome.Kind.CANCELLED, "cancelled at step " + step + " (while evaluating)",
                    step, history.summary());
        }
    }

    private TrainingOutcome evaluateOrCancel(long step, Completer completer, int lossChunk, TrainingListener listener) {
        model.setTraining(false);
        Map<String, Double> metrics = new LinkedHashMap<>();
        double valLoss = Evaluation.meanLoss(model, sequences, data.validation(), lossChunk);
        metrics.put(MetricHistory.VALIDATION_LOSS, valLoss);
        if (!Double.isFinite(valLoss)) {
            history.add(step, metrics);
            return new TrainingOutcome(TrainingOutcome.Kind.FAILED, "validation loss became " + valLoss + " at step " + step,
                    step, history.summary());
        }
        Evaluation context = new Evaluation(model, language, data, prompts, step, sequences, completer, lossChunk,
                initialParameters);
        for (Measure measure : measures) {
            try {
                metrics.putAll(measure.evaluate(context));
            } catch (java.util.concurrent.CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                return new TrainingOutcome(TrainingOutcome.Kind.FAILED, "measure " + measure.name() + " failed at step "
                        + step + ": " + e, step, history.summary());
            }
        }
        boolean best = history.add(step, metrics);
        listener.onEvaluation(step, metrics, best, model);
        model.setTraining(true);
        return null;
    }

    private Optimizer optimizer() {
        if (training.optimizer().equals("sgd")) {
            return new Sgd(model.backend(), model.parameters(), (float) training.momentum(), (float) training.weightDecay());
        }
        return new AdamW(model.backend(), model.parameters(), (float) training.beta1(), (float) training.beta2(),
                (float) training.epsilon(), (float) training.weightDecay());
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static void shuffle(int[] p, SplittableRandom random) {
        for (int i = p.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }
}
