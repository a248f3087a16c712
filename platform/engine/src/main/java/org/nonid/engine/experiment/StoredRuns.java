package org.nonid.engine.experiment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Completion;
import org.nonid.api.model.Checkpoint;
import org.nonid.api.model.Model;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.random.Seeds;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStore;
import org.nonid.engine.training.Completer;
import org.nonid.engine.training.EvaluationSettings;

/** Brings recorded runs back: the spec from the stored configuration, the weights from the checkpoint. */
final class StoredRuns {
    private StoredRuns() {
    }

    static LoadedRun load(long runId, RunStore store, PluginCatalog catalog) {
        RunRecord record = store.run(runId).orElseThrow(() -> new ConfigException("no run " + runId));
        byte[] checkpoint = store.artifact(runId, RunExecution.BEST_CHECKPOINT).orElseThrow(() ->
                new ConfigException("run " + runId + " has no checkpoint yet (it is saved at each evaluation"
                        + " that lowers the validation loss)"));
        ResolvedRun run = ResolvedRun.resolve(RunConfigurations.read(record), catalog);
        FormalLanguage language = run.formalLanguage();
        EvaluationSettings evaluation = run.evaluation();
        Model model = run.createModel();
        try {
            Checkpoint.read(new ByteArrayInputStream(checkpoint)).restoreInto(model);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw new ConfigException("run " + runId + ": the checkpoint does not load: " + e.getMessage(), e);
        }
        model.setTraining(false);
        int maxNew = evaluation.maxNewTokens() > 0 ? evaluation.maxNewTokens() : language.maxLength();
        Completer completer = new Completer(model, maxNew, true, 1.0, Seeds.stream(record.seed(), "sampling"));
        return new LoadedRun() {
            @Override
            public RunRecord record() {
                return record;
            }

            @Override
            public FormalLanguage language() {
                return language;
            }

            @Override
            public PromptSet prompts() {
                return run.prompts();
            }

            @Override
            public Model model() {
                return model;
            }

            @Override
            public List<Completion> complete(List<int[]> prompts) {
                return completer.complete(prompts);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
