package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.config.ConfigException;
import org.nonid.api.measure.Completion;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.UnknownPluginException;
import org.nonid.engine.testing.Lab;

class ExperimentServiceTest {
    @TempDir
    Path dir;
    private Lab lab;

    @BeforeEach
    void open() {
        lab = new Lab(dir);
    }

    @AfterEach
    void close() {
        lab.close();
    }

    private RunOutcome runToEnd(RunSpec spec) throws InterruptedException {
        RunHandle handle = lab.service.start(spec, p -> { });
        return handle.await(120, TimeUnit.SECONDS).orElseThrow();
    }

    @Test
    void aRunFinishesWithItsHistorySummaryAndCheckpointInTheStore() throws Exception {
        RunOutcome outcome = runToEnd(Lab.tinyRun(3, 40));
        assertEquals(RunStatus.FINISHED, outcome.status(), outcome.reason());
        var record = lab.store.run(outcome.runId()).orElseThrow();
        assertEquals(RunStatus.FINISHED, record.status());
        assertEquals(40, record.lastStep());
        assertTrue(record.configJson().contains("\"dModel\":8"), record.configJson());
        assertTrue(record.environmentJson().contains("\"backend\":\"test 0\""), record.environmentJson());
        List<MetricPoint> history = lab.store.history(outcome.runId());
        assertEquals(8, history.stream().filter(p -> p.key().equals("train/loss")).count());
        assertEquals(5, history.stream().filter(p -> p.key().equals("val/loss")).count(), "steps 0, 10, 20, 30, 40");
        assertTrue(history.stream().anyMatch(p -> p.key().equals("ood/rule_1_accuracy")));
        Map<String, Double> summary = lab.store.summary(outcome.runId());
        assertTrue(summary.containsKey("best/ood/rule_1_accuracy"));
        assertTrue(summary.containsKey("max/ood/rule_1_accuracy"));
        assertTrue(summary.get("min_val_loss") < history.get(0).value() + 10);
        // aNbN M 8 has 5 symbols; d 8, FF 16, 1 layer, no positional table: embedding 40, attention 4 x 72,
        // two LayerNorms 32, feed-forward 280, head 45
        assertEquals(685.0, summary.get(RunExecution.PARAMETERS));
        assertTrue(lab.store.artifact(outcome.runId(), RunExecution.BEST_CHECKPOINT).isPresent());
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndAnotherSeedOtherNumbers() throws Exception {
        List<MetricPoint> first = lab.store.history(runToEnd(Lab.tinyRun(5, 20)).runId());
        List<MetricPoint> second = lab.store.history(runToEnd(Lab.tinyRun(5, 20)).runId());
        List<MetricPoint> other = lab.store.history(runToEnd(Lab.tinyRun(6, 20)).runId());
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void theSameSeedGivesTheSameNumbersOnAnyNumberOfThreads(@TempDir Path other) throws Exception {
        // large enough that reductions (bias gradients, layer-norm gradients, the loss) are split
        RunSpec spec = new RunSpec("t", 0, "aNbN", Map.of("maxLength", 32), "transformer",
                Map.of("dModel", 16, "heads", 2, "layers", 1, "feedForward", 256, "dropout", 0.1),
                Map.of("steps", 12, "batchSize", 0, "warmup", 2, "logEvery", 1), Map.of("every", 6, "promptLength", 4),
                "mle", Map.of(), List.of("loss"), 7, "cpu");
        List<MetricPoint> oneThread = lab.store.history(runToEnd(spec).runId());
        try (Lab threaded = new Lab(other, 3)) {
            RunOutcome outcome = threaded.service.start(spec, p -> { }).await(120, TimeUnit.SECONDS).orElseThrow();
            assertEquals(oneThread, threaded.store.history(outcome.runId()));
        }
    }

    @Test
    void unknownPluginNamesListTheInstalledOnesAndNothingIsRecorded() {
        RunSpec ok = Lab.tinyRun(1, 5);
        UnknownPluginException language = assertThrows(UnknownPluginException.class, () -> lab.service.start(
                new RunSpec("t", 0, "anbn", ok.languageParameters(), ok.model(), ok.modelParameters(), ok.training(),
                        ok.evaluation(), "mle", Map.of(), ok.measures(), 1, "cpu"), p -> { }));
        assertEquals("unknown language 'anbn'; known languages: aNbN", language.getMessage());
        UnknownPluginException model = assertThrows(UnknownPluginException.class, () -> lab.service.start(
                new RunSpec("t", 0, "aNbN", ok.languageParameters(), "lstm", Map.of(), ok.training(), ok.evaluation(),
                        "mle", Map.of(), ok.measures(), 1, "cpu"), p -> { }));
        assertEquals("unknown model family 'lstm'; known model families: fixed, transformer", model.getMessage());
        UnknownPluginException measure = assertThrows(UnknownPluginException.class, () -> lab.service.start(
                new RunSpec("t", 0, "aNbN", ok.languageParameters(), ok.model(), ok.modelParameters(), ok.training(),
                        ok.evaluation(), "mle", Map.of(), List.of("loss", "kl"), 1, "cpu"), p -> { }));
        assertTrue(measure.getMessage().contains("unknown measure 'kl'; known measures: bayes-gap, loss, rule-extrapolation"));
        UnknownPluginException backend = assertThrows(UnknownPluginException.class, () -> lab.service.start(
                new RunSpec("t", 0, "aNbN", ok.languageParameters(), ok.model(), ok.modelParameters(), ok.training(),
                        ok.evaluation(), "mle", Map.of(), ok.measures(), 1, "cuda"), p -> { }));
        assertTrue(backend.getMessage().contains("known backends: cpu"));
        UnknownPluginException condition = assertThrows(UnknownPluginException.class, () -> lab.service.start(
                new RunSpec("t", 0, "aNbN", ok.languageParameters(), ok.model(), ok.modelParameters(), ok.training(),
                        ok.evaluation(), "addversarial", Map.of(), ok.measures(), 1, "cpu"), p -> { }));
        assertEquals("unknown condition 'addversarial'; known conditions: adversarial, mle, oracle", condition.getMessage());
        assertTrue(lab.store.runs().isEmpty(), "nothing recorded for a run that never started");
    }

    @Test
    void badHyperparametersAreRejectedByNameBeforeAnythingIsAllocated() {
        RunSpec ok = Lab.tinyRun(1, 5);
        Map<String, Object> model = new HashMap<>(ok.modelParameters());
        model.put("heads", 3);
        model.put("dmodel", 8);
        Map<String, Object> training = new HashMap<>(ok.training());
        training.put("lr", -0.001);
        ConfigException e = assertThrows(ConfigException.class, () -> lab.service.start(new RunSpec("t", 0, "aNbN",
                ok.languageParameters(), "transformer", model, training, ok.evaluation(), "mle", Map.of(), ok.measures(), 1, "cpu"), p -> { }));
        String message = e.getMessage();
        assertTrue(message.contains("unknown key 'model.dmodel'; nearest: model.dModel"), message);
        assertTrue(message.contains("training.lr = -0.001: must be [1e-12, 10]"), message);
        Map<String, Object> onlyHeads = new HashMap<>(ok.modelParameters());
        onlyHeads.put("heads", 3);
        ConfigException heads = assertThrows(ConfigException.class, () -> lab.service.validate(new RunSpec("t", 0, "aNbN",
                ok.languageParameters(), "transformer", onlyHeads, ok.training(), ok.evaluation(), "mle", Map.of(), ok.measures(), 1, "cpu")));
        assertEquals("model: heads = 3 does not divide dModel = 8", heads.getMessage());
        assertTrue(lab.store.runs().isEmpty());
    }

    @Test
    void aRunOfZeroStepsIsEvaluatedOnceAndKeepsItsModel() throws Exception {
        RunOutcome outcome = runToEnd(new RunSpec("t", 0, "aNbN", Map.of("maxLength", 8), "fixed", Map.of(),
                Map.of("steps", 0), Map.of("every", 100, "atStart", false), "mle", Map.of(), List.of("loss"), 1, "cpu"));
        assertEquals(RunStatus.FINISHED, outcome.status(), outcome.reason());
        List<MetricPoint> history = lab.store.history(outcome.runId());
        assertEquals(List.of(0L), history.stream().filter(p -> p.key().equals("val/loss")).map(MetricPoint::step).toList());
        assertTrue(history.stream().noneMatch(p -> p.key().equals("train/loss")));
        assertTrue(lab.store.artifact(outcome.runId(), RunExecution.BEST_CHECKPOINT).isPresent());
    }

    private static RunSpec finetuning(RunSpec parent, Map<String, Object> finetune) {
        return new RunSpec("ft", 0, parent.language(), parent.languageParameters(), parent.model(),
                parent.modelParameters(), Map.of("steps", 20, "batchSize", 0, "optimizer", "sgd", "lr", 0.1,
                "schedule", "constant"), parent.evaluation(), "mle", Map.of(), parent.measures(), 7, "cpu", finetune);
    }

    @Test
    void aFineTuningRunStartsFromItsParentsWeightsReparametrisedAndIsReproducible() throws Exception {
        RunSpec parentSpec = Lab.tinyRun(3, 30);
        RunOutcome parent = runToEnd(parentSpec);
        assertEquals(RunStatus.FINISHED, parent.status(), parent.reason());
        RunOutcome plain = runToEnd(finetuning(parentSpec, Map.of("run", parent.runId())));
        assertEquals(RunStatus.FINISHED, plain.status(), plain.reason());
        double parentLoss = lab.store.summary(parent.runId()).get("min_val_loss");
        List<MetricPoint> history = lab.store.history(plain.runId());
        double startLoss = history.stream().filter(p -> p.key().equals("val/loss") && p.step() == 0).findFirst()
                .orElseThrow().value();
        assertEquals(parentLoss, startLoss, 1e-6, "step 0 evaluates the parent's best weights");
        Map<String, Double> summary = lab.store.summary(plain.runId());
        assertEquals((double) parent.runId(), summary.get("finetune/parent_run"));

        Map<String, Object> rescaled = Map.of("run", parent.runId(), "reparametrisation", "scale-ff", "alpha", 10,
                "outputAlpha", 10);
        RunOutcome first = runToEnd(finetuning(parentSpec, rescaled));
        RunOutcome second = runToEnd(finetuning(parentSpec, rescaled));
        assertEquals(RunStatus.FINISHED, first.status(), first.reason());
        assertTrue(lab.store.summary(first.runId()).get("finetune/max_logit_difference") <= 1e-5);
        List<Double> a = lab.store.history(first.runId()).stream().map(MetricPoint::value).toList();
        List<Double> b = lab.store.history(second.runId()).stream().map(MetricPoint::value).toList();
        assertEquals(a, b, "the same file again gives the same numbers: the parent's weights come from the store");
        List<Double> unscaled = lab.store.history(plain.runId()).stream().map(MetricPoint::value).toList();
        assertNotEquals(unscaled, a, "same function, same recipe, another fine-tuned model");
        assertTrue(lab.store.run(first.runId()).orElseThrow().configJson().contains(
                "\"finetune\":{\"run\":" + parent.runId() + ",\"reparametrisation\":\"scale-ff\""),
                lab.store.run(first.runId()).orElseThrow().configJson());
    }

    @Test
    void aReparametrisationThatChangesTheFunctionFailsTheRunWithTheMeasuredChange() throws Exception {
        RunSpec parentSpec = Lab.tinyRun(3, 10);
        RunOutcome parent = runToEnd(parentSpec);
        RunOutcome broken = runToEnd(finetuning(parentSpec, Map.of("run", parent.runId(), "reparametrisation", "scale-ff",
                "alpha", 10, "outputAlpha", 3)));
        assertEquals(RunStatus.FAILED, broken.status());
        assertTrue(broken.reason().contains("changes the model's function: its log-probabilities moved by up to"),
                broken.reason());
        RunOutcome orphan = runToEnd(finetuning(parentSpec, Map.of("trial", 4)));
        assertEquals(RunStatus.FAILED, orphan.status());
        assertTrue(orphan.reason().contains("trial 4 of experiment ft has no finished run"), orphan.reason());
        var unknown = assertThrows(UnknownPluginException.class, () -> lab.service.start(finetuning(parentSpec,
                Map.of("run", parent.runId(), "reparametrisation", "nope")), p -> { }));
        assertTrue(unknown.getMessage().contains("scale-ff"), unknown.getMessage());
        var both = assertThrows(ConfigException.class, () -> lab.service.start(finetuning(parentSpec,
                Map.of("run", 1, "trial", 0)), p -> { }));
        assertTrue(both.getMessage().contains("exactly one of them"), both.getMessage());
    }

    @Test
    void aNaNLossEndsTheRunAsFailedWithItsReason() throws Exception {
        RunOutcome outcome = runToEnd(new RunSpec("t", 0, "aNbN", Map.of("maxLength", 8), "fixed", Map.of("nanAfter", 3),
                Map.of("steps", 10), Map.of("every", 100, "atStart", false), "mle", Map.of(), List.of("loss"), 1, "cpu"));
        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals("training loss became NaN at step 4", outcome.reason());
        var record = lab.store.run(outcome.runId()).orElseThrow();
        assertEquals(RunStatus.FAILED, record.status());
        assertEquals("training loss became NaN at step 4", record.reason());
    }

    @Test
    void aConditionFitsItsLanguageAndAnotherSpecUnderTheSameNameIsRefused() throws Exception {
        String spec = "name: e\nlanguage: {name: aNbN, maxLength: 8}\nmodel: {family: transformer, dModel: 8, heads: 2}\n"
                + "conditions: [mle, {name: oracle, weight: 2}]\nseeds: 2\n";
        var plan = lab.service.register(spec, "e.yaml", List.of());
        assertEquals(4, plan.runs().size());
        assertEquals(plan.runs(), lab.service.replan("e").runs());
        assertEquals(plan.runs(), lab.service.register(spec, "e.yaml", List.of()).runs(), "the same spec again is fine");
        ConfigException other = assertThrows(ConfigException.class, () -> lab.service.register(spec, "e.yaml",
                List.of("seeds=3")));
        assertTrue(other.getMessage().startsWith("experiment 'e' is recorded with another spec"), other.getMessage());
        ConfigException weight = assertThrows(ConfigException.class, () -> lab.service.plan(spec, "e.yaml",
                List.of("conditions=[{name: oracle, weight: -1}]")));
        assertEquals("condition oracle.weight = -1: must be [0, 1000000]", weight.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> lab.service.replan("x"));
        assertEquals("no experiment 'x'; recorded: e", none.getMessage());
    }

    @Test
    void aFilesProblemsOverAllTrialsComeInOneMessageWithTheScopingHint() {
        String spec = "name: e\nlanguage: {name: aNbN, maxLength: 8}\nmodels: [{family: transformer, dModel: 8,"
                + " heads: 2}, fixed]\nmodel: {colour: red}\ntraining: {lr: -1}\nseeds: 2\n";
        ConfigException e = assertThrows(ConfigException.class, () -> lab.service.plan(spec, "e.yaml", List.of()));
        List<String> problems = e.problems();
        assertTrue(problems.get(0).startsWith("unknown key 'model.colour'; nearest: "), problems.toString());
        assertTrue(problems.contains("training.lr = -1: must be [1e-12, 10]"), problems.toString());
        assertEquals(1, problems.stream().filter(p -> p.startsWith("training.lr")).count(), "each problem once");
        assertTrue(problems.get(problems.size() - 1).contains("scope it: model.FAMILY.KEY"), problems.toString());
        assertEquals(4, lab.service.plan(spec.replace("model: {colour: red}", "model: {transformer: {layers: 1}}")
                .replace("lr: -1", "lr: 0.01"), "e.yaml", List.of()).runs().size());
    }

    @Test
    void completionsLongerThanTheLanguagesSequencesAreRefused() {
        String spec = "name: long\nlanguage: {name: aNbN, maxLength: 8}\nmodel: {family: transformer, dModel: 8,"
                + " heads: 2}\n";
        ConfigException e = assertThrows(ConfigException.class, () -> lab.service.plan(spec, "l.yaml",
                List.of("evaluation.maxNewTokens=100000")));
        assertTrue(e.getMessage().startsWith("evaluation.maxNewTokens = 100000: at most 10 for aNbN"), e.getMessage());
        assertEquals(1, lab.service.plan(spec, "l.yaml", List.of("evaluation.maxNewTokens=10")).runs().size());
    }

    @Test
    void anOracleRunTrainsOnItsTaughtCompletions() throws Exception {
        RunSpec ok = Lab.tinyRun(4, 30);
        RunOutcome outcome = runToEnd(new RunSpec("t", 0, "aNbN", ok.languageParameters(), ok.model(), ok.modelParameters(),
                Map.of("steps", 30, "batchSize", 0, "warmup", 5, "conditionBatch", 4), ok.evaluation(), "oracle",
                Map.of("weight", 1.0), ok.measures(), 4, "cpu"));
        assertEquals(RunStatus.FINISHED, outcome.status(), outcome.reason());
        assertTrue(lab.store.run(outcome.runId()).orElseThrow().configJson().contains("\"condition\":{\"name\":\"oracle\",\"weight\":1.0,\"scoring\":\"completion\"}"));
    }

    @Test
    void aCancelledRunEndsAsCancelled() throws Exception {
        RunHandle handle = lab.service.start(Lab.tinyRun(1, 1_000_000), p -> { });
        while (handle.progress().step() < 3) {
            Thread.sleep(10);
        }
        handle.cancel();
        RunOutcome outcome = handle.await(60, TimeUnit.SECONDS).orElseThrow();
        assertEquals(RunStatus.CANCELLED, outcome.status());
        assertTrue(outcome.reason().startsWith("cancelled at step "), outcome.reason());
        assertEquals(RunStatus.CANCELLED, lab.store.run(handle.runId()).orElseThrow().status());
        assertTrue(lab.service.active().isEmpty());
    }

    @Test
    void aStoredRunComesBackWithItsBestWeights() throws Exception {
        RunOutcome outcome = runToEnd(Lab.tinyRun(2, 30));
        List<int[]> prompts = new ArrayList<>();
        prompts.add(new int[] {3, 3, 4});
        prompts.add(new int[] {4, 3});
        try (LoadedRun first = lab.service.load(outcome.runId()); LoadedRun second = lab.service.load(outcome.runId())) {
            List<Completion> a = first.complete(prompts);
            List<Completion> b = second.complete(prompts);
            assertEquals(2, a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).completion(), b.get(i).completion());
            }
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> lab.service.load(999));
        assertEquals("no run 999", missing.getMessage());
    }

    @Test
    void aMeasureTakesItsParametersFromTheFileAndTheRunRecordsThem() throws Exception {
        String spec = "name: scaled\nlanguage: {name: aNbN, maxLength: 8}\n"
                + "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0}\n"
                + "training: {steps: 10, batchSize: 0}\nevaluation: {every: 5, promptLength: 4}\n"
                + "measures: [loss, {name: scaled, factor: 2.5}]\n";
        var plan = lab.service.register(spec, "scaled.yaml", List.of());
        assertEquals(Map.of("factor", 2.5), plan.runs().get(0).measureParameters("scaled"));
        RunOutcome outcome = runToEnd(plan.runs().get(0));
        assertEquals(RunStatus.FINISHED, outcome.status(), outcome.reason());
        Map<String, Double> summary = lab.store.summary(outcome.runId());
        assertEquals(2.5 * summary.get("best/test/loss"), summary.get("best/test/scaled_loss"), 1e-9);
        String config = lab.store.run(outcome.runId()).orElseThrow().configJson();
        assertTrue(config.contains("\"measure_parameters\":{\"scaled\":{\"factor\":2.5}}"), config);

        ConfigException typo = assertThrows(ConfigException.class, () -> lab.service.plan(
                spec.replace("factor: 2.5", "factr: 2.5"), "typo.yaml", List.of()));
        assertTrue(typo.getMessage().contains("unknown key 'measure.scaled.factr'; nearest: measure.scaled.factor"),
                typo.getMessage());
        ConfigException range = assertThrows(ConfigException.class, () -> lab.service.plan(
                spec.replace("factor: 2.5", "factor: -1"), "range.yaml", List.of()));
        assertTrue(range.getMessage().contains("factor"), range.getMessage());
        ConfigException nameless = assertThrows(ConfigException.class, () -> lab.service.plan(
                spec.replace("{name: scaled, factor: 2.5}", "{factor: 2.5}"), "nameless.yaml", List.of()));
        assertTrue(nameless.getMessage().contains("a measure with parameters needs its name"), nameless.getMessage());
    }
}
