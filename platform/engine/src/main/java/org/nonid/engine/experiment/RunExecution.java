package org.nonid.engine.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nonid.api.compute.Availability;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.random.Seeds;
import org.nonid.api.run.Progress;
import org.nonid.api.run.ProgressListener;
import org.nonid.api.run.RunMetrics;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.nonid.engine.training.EvaluationSettings;
import org.nonid.engine.training.Trainer;
import org.nonid.engine.training.TrainingListener;
import org.nonid.engine.training.TrainingOutcome;
import org.nonid.engine.training.TrainingSettings;

/**
 * One run from start to end on its own thread: builds the language, data and model from the run
 * seed, trains, and records as it goes (training loss, evaluations, the best-validation checkpoint,
 * the summary and the final status). Whatever happens, the run ends with a terminal status.
 */
final class RunExecution implements Runnable {
    /** The artifact name of the best-validation checkpoint. */
    static final String BEST_CHECKPOINT = "best.ckpt";
    /** The summary key of a run's trainable parameter count, recorded as soon as the model exists. */
    static final String PARAMETERS = "parameters";

    private final ResolvedRun run;
    private final ActiveRun handle;
    private final RunStore store;
    private final ProgressListener listener;
    private final RunEventPoster events;
    private final Runnable onEnd;

    RunExecution(ResolvedRun run, ActiveRun handle, RunStore store, ProgressListener listener, RunEventPoster events,
                 Runnable onEnd) {
        this.run = run;
        this.handle = handle;
        this.store = store;
        this.listener = listener;
        this.events = events;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        long runId = handle.runId();
        long started = System.nanoTime();
        RunOutcome outcome;
        Model model = null;
        events.started(runId, run.spec());
        try {
            Availability availability = run.backend().availability();
            if (!availability.usable()) {
                throw new IllegalStateException("backend " + run.backend().name() + " is not usable here: "
                        + availability.reason());
            }
            long seed = run.spec().seed();
            FormalLanguage language = run.formalLanguage();
            Datasets data = language.datasets(Seeds.stream(seed, "data"));
            EvaluationSettings evaluation = run.evaluation();
            PromptSet prompts = run.prompts();
            TrainingSettings training = run.training();
            report(new Progress(runId, "setup", 0, training.steps(), Double.NaN, seconds(started), Double.NaN, Map.of()));
            model = run.createModel();
            Map<String, Double> size = new LinkedHashMap<>(Map.of(PARAMETERS, (double) model.parameters().stream()
                    .mapToLong(Parameter::size).sum()));
            if (run.finetune().isPresent()) {
                report(new Progress(runId, "waiting for " + run.finetune().get().parentDescription(), 0, training.steps(),
                        Double.NaN, seconds(started), Double.NaN, Map.of()));
                size.putAll(Parents.start(run, run.finetune().get(), model, data.validation(), prompts, store,
                        handle::cancelRequested));
            }
            store.putSummary(runId, size);
            Trainer trainer = new Trainer(model, language, data, prompts, training, evaluation, run.measures(),
                    run.objective(), seed);
            TrainingOutcome result = trainer.run(new Recorder(runId, training.steps(), started));
            Map<String, Double> summary = new LinkedHashMap<>(size);
            summary.putAll(result.summary());
            store.putSummary(runId, summary);
            RunStatus status = switch (result.kind()) {
                case FINISHED -> RunStatus.FINISHED;
                case FAILED -> RunStatus.FAILED;
                case CANCELLED -> RunStatus.CANCELLED;
            };
            store.setStatus(runId, status, result.reason());
            outcome = new RunOutcome(runId, status, result.reason(), summary);
        } catch (Throwable t) {
            String reason = describe(t);
            try {
                store.setStatus(runId, RunStatus.FAILED, reason);
            } catch (RuntimeException storeFailure) {
                reason += " (and recording the failure failed: " + storeFailure.getMessage() + ")";
            }
            outcome = new RunOutcome(runId, RunStatus.FAILED, reason, Map.of());
        } finally {
            if (model != null) {
                try {
                    model.close();
                } catch (RuntimeException ignored) {
                    // the run's outcome is already decided
                }
            }
        }
        report(new Progress(runId, "done", handle.progress().step(), handle.progress().totalSteps(),
                handle.progress().trainLoss(), seconds(started), 0, handle.progress().lastEvaluation()));
        onEnd.run();
        events.ended(run.spec(), outcome);
        handle.finish(outcome);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    private void report(Progress p) {
        handle.progress(p);
        events.progress(run.spec(), p);
        try {
            listener.onProgress(p);
        } catch (RuntimeException ignored) {
            // a listener's failure must not fail the run
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Writes the run's history into the store and reports progress. */
    private final class Recorder implements TrainingListener {
        private final long runId;
        private final long totalSteps;
        private final long started;
        private long trainingStarted = -1;
        private long firstStep;
        private Map<String, Double> lastEvaluation = Map.of();

        Recorder(long runId, long totalSteps, long started) {
            this.runId = runId;
            this.totalSteps = totalSteps;
            this.started = started;
        }

        @Override
        public void onStep(long step, double trainLoss, boolean recorded) {
            long now = System.nanoTime();
            if (trainingStarted < 0) {
                trainingStarted = now;
                firstStep = step;
            }
            if (recorded) {
                store.appendMetrics(runId, step, Map.of(RunMetrics.TRAIN_LOSS.key(), trainLoss));
            }
            double perStep = step > firstStep ? (now - trainingStarted) / 1e9 / (step - firstStep) : Double.NaN;
            double eta = Double.isNaN(perStep) ? Double.NaN : perStep * (totalSteps - step);
            report(new Progress(runId, "training", step, totalSteps, trainLoss, seconds(started), eta, lastEvaluation));
        }

        @Override
        public void onEvaluation(long step, Map<String, Double> metrics, boolean best, Model model) {
            store.appendMetrics(runId, step, metrics);
            lastEvaluation = new LinkedHashMap<>(metrics);
            if (best) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try {
                    Checkpoint.of(model).write(bytes);
                } catch (IOException e) {
                    throw new IllegalStateException("could not write the checkpoint: " + e.getMessage(), e);
                }
                store.putArtifact(runId, BEST_CHECKPOINT, bytes.toByteArray());
            }
            Progress last = handle.progress();
            report(new Progress(runId, "training", step, totalSteps, last.trainLoss(), seconds(started), last.etaSeconds(),
                    lastEvaluation));
        }

        @Override
        public boolean cancelRequested() {
            return handle.cancelRequested() || Thread.currentThread().isInterrupted();
        }
    }
}
