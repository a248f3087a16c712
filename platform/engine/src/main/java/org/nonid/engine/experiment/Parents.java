package org.nonid.engine.experiment;

import org.nonid.api.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.nonid.api.config.Config;
import org.nonid.api.language.PromptSet;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Model;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;
import org.nonid.api.run.RunMetrics;
import org.nonid.nn.distribution.FunctionPreserving;
import org.nonid.nn.distribution.FunctionSnapshot;

/**
 * Starts a fine-tuning run from its parent: finds the parent (waiting while the parent trial of the
 * same experiment is still running), checks that it is the same model, loads its best-validation
 * weights and applies the reparametrisation, checked to keep the function.
 */
final class Parents {
    /** Summary key of a fine-tuning run's parent run id. */
    static final String PARENT = RunMetrics.PARENT_RUN.key();
    /** Summary key of the largest relative change of a log-probability its reparametrisation caused. */
    static final String CHANGE = RunMetrics.MAX_LOGIT_DIFFERENCE.key();
    private static final long POLL_MILLIS = 250;

    private Parents() {
    }

    /** Loads the parent's weights into the model and reparametrises them; returns the summary entries. */
    static Map<String, Double> start(ResolvedRun run, Finetune finetune, Model model, List<int[]> validation,
                                     PromptSet prompts, RunStore store, BooleanSupplier cancelled) {
        long parent = finetune.run() > 0 ? finetune.run() : awaitTrial(store, finetune, cancelled);
        RunRecord record = store.run(parent).orElseThrow(() -> new ConfigException("there is no run " + parent
                + " to fine-tune"));
        if (record.status() != RunStatus.FINISHED) {
            throw new ConfigException("run " + parent + " is " + record.status().label()
                    + "; a fine-tuning run starts from a finished run");
        }
        RunSpec parentSpec = RunConfigurations.read(record);
        Config parentModel = run.family().hyperparameters().resolve("model", parentSpec.modelParameters());
        if (!parentSpec.model().equals(run.spec().model()) || !parentModel.equals(run.modelConfig())) {
            throw new ConfigException("the fine-tuning run's model (" + run.spec().model() + " "
                    + run.modelConfig().asMap() + ") is not its parent's (run " + parent + ": " + parentSpec.model() + " "
                    + parentModel.asMap() + ")");
        }
        byte[] weights = store.artifact(parent, RunExecution.BEST_CHECKPOINT).orElseThrow(() ->
                new ConfigException("run " + parent + " has no checkpoint"));
        try {
            Checkpoint.read(new ByteArrayInputStream(weights)).restoreInto(model);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("run " + parent + "'s weights do not fit this run's model (a fine-tuning"
                    + " language needs its parent's vocabulary): " + e.getMessage(), e);
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put(PARENT, (double) parent);
        if (finetune.reparametrisation().isPresent()) {
            double change = FunctionPreserving.apply(finetune.reparametrisation().get(), finetune.reparametrisationConfig(),
                    model, FunctionSnapshot.wordsAndPrompts(validation, prompts));
            summary.put(CHANGE, change);
        }
        return summary;
    }

    /** The latest finished run of the parent trial, waiting while one of its runs is still running. */
    private static long awaitTrial(RunStore store, Finetune finetune, BooleanSupplier cancelled) {
        while (true) {
            long finished = -1;
            boolean running = false;
            for (RunRecord r : store.runs()) {
                if (r.experiment().equals(finetune.experiment()) && r.trial() == finetune.trial()) {
                    if (r.status() == RunStatus.FINISHED) {
                        finished = Math.max(finished, r.id());
                    } else if (r.status() == RunStatus.RUNNING) {
                        running = true;
                    }
                }
            }
            if (finished > 0) {
                return finished;
            }
            if (!running) {
                throw new ConfigException(finetune.parentDescription() + " has no finished run to fine-tune"
                        + " (run or resume that experiment first)");
            }
            if (cancelled.getAsBoolean()) {
                throw new ConfigException("cancelled while waiting for " + finetune.parentDescription());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("interrupted while waiting for " + finetune.parentDescription());
            }
        }
    }
}
