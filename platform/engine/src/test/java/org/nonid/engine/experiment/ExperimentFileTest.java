package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.RunSpec;

class ExperimentFileTest {
    private static final String FILE = String.join("\n",
            "name: quick",
            "language:",
            "  name: aNbN",
            "  maxLength: 32",
            "model: {family: transformer, dModel: 32, heads: 4}",
            "training:",
            "  steps: 100",
            "  lr: 2e-3",
            "seeds: [3, 4]",
            "");

    @Test
    void eachSeedIsOneRun() {
        ExperimentPlan plan = ExperimentFile.parse(FILE, "quick.yaml", List.of());
        assertEquals("quick", plan.name());
        assertEquals(2, plan.runs().size());
        RunSpec second = plan.runs().get(1);
        assertEquals(1, second.trial());
        assertEquals(4, second.seed());
        assertEquals("aNbN", second.language());
        assertEquals(Map.of("maxLength", 32), second.languageParameters());
        assertEquals("transformer", second.model());
        assertEquals(Map.of("dModel", 32, "heads", 4), second.modelParameters());
        assertEquals(0.002, second.training().get("lr"));
        assertEquals(ExperimentFile.DEFAULT_MEASURES, second.measures());
        assertEquals("cpu", second.backend());
    }

    @Test
    void seedsCanBeACountOrOneSeed() {
        String base = "language: aNbN\nmodel: transformer\n";
        assertEquals(List.of(1L, 2L, 3L), ExperimentFile.parse(base + "seeds: 3\n", "x.yaml", List.of()).runs().stream()
                .map(RunSpec::seed).toList());
        assertEquals(List.of(42L), ExperimentFile.parse(base + "seed: 42\n", "x.yaml", List.of()).runs().stream()
                .map(RunSpec::seed).toList());
        ExperimentPlan named = ExperimentFile.parse(base, "dir/my-exp.yaml", List.of());
        assertEquals("my-exp", named.name(), "the name defaults to the file name");
        assertEquals(List.of(1L), named.runs().stream().map(RunSpec::seed).toList());
    }

    @Test
    void overridesReplaceDottedKeys() {
        ExperimentPlan plan = ExperimentFile.parse(FILE, "quick.yaml",
                List.of("training.lr=1e-3", "model.layers=3", "seeds=[9]", "evaluation.every=50", "language=aNbN"));
        RunSpec run = plan.runs().get(0);
        assertEquals(1, plan.runs().size());
        assertEquals(9, run.seed());
        assertEquals(0.001, run.training().get("lr"));
        assertEquals(3, run.modelParameters().get("layers"));
        assertEquals(50, run.evaluation().get("every"));
    }

    @Test
    void unknownKeysAreErrorsThatNameTheNearestOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentFile.parse(FILE + "trainig: {steps: 3}\n", "quick.yaml", List.of()));
        assertEquals("quick.yaml: unknown key 'trainig'; nearest: training, name, count", e.getMessage());
    }

    @Test
    void overridesReachSectionsThatPartsReplace() {
        String file = String.join("\n", "name: two", "language: aNbN", "model: transformer", "seed: 4",
                "parts:", "  - {training: {steps: 100, optimizer: sgd}}", "  - {training: {steps: 200}, seeds: [1, 2]}", "");
        ExperimentPlan plan = ExperimentFile.parse(file, "two.yaml", List.of("training.steps=5", "seed=9"));
        assertEquals(2, plan.runs().size(), "the seed override replaces the part's seeds too");
        for (RunSpec run : plan.runs()) {
            assertEquals(5, run.training().get("steps"));
            assertEquals(9L, run.seed());
        }
        assertEquals("sgd", plan.runs().get(0).training().get("optimizer"));
    }

    @Test
    void aFamilyScopedModelKeyReachesOnlyThatFamily() {
        String file = String.join("\n", "name: scoped", "language: aNbN",
                "models: [{family: transformer}, {family: lstm}]",
                "model: {lstm: {dropout: 0.4}, transformer: {dropout: 0.1}}",
                "parameters: {model.lstm.hidden: {values: [8, 16]}}", "method: grid", "");
        ExperimentPlan plan = ExperimentFile.parse(file, "s.yaml", List.of("model.lstm.layers=2"));
        assertEquals(4, plan.runs().size());
        for (RunSpec run : plan.runs()) {
            if (run.model().equals("lstm")) {
                assertEquals(Map.of("dropout", 0.4, "layers", 2, "hidden", run.modelParameters().get("hidden")),
                        run.modelParameters());
            } else {
                assertEquals(Map.of("dropout", 0.1), run.modelParameters(), "no lstm key reaches the transformer");
            }
        }
        ConfigException typo = assertThrows(ConfigException.class, () -> ExperimentFile.parse(file, "s.yaml",
                List.of("model.lsmt.layers=2")));
        assertEquals("s.yaml: model.lsmt: no model of this experiment is of family 'lsmt' (its families: transformer,"
                + " lstm)", typo.getMessage());
    }

    @Test
    void malformedYamlSaysLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentFile.parse("name: x\nmodel: {family: transformer\nseed: 1\n", "bad.yaml", List.of()));
        assertTrue(e.getMessage().startsWith("bad.yaml: line 3, column "), e.getMessage());
    }

    @Test
    void missingNamesAndBadShapesAreReportedTogether() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentFile.parse("model: {dModel: 3}\nseeds: [1, x]\nmeasures: {a: 1}\n", "m.yaml", List.of()));
        List<String> problems = e.problems();
        assertTrue(problems.contains("m.yaml: language.name is missing (e.g. language: {name: aNbN})"), problems.toString());
        assertTrue(problems.contains("m.yaml: model.family is missing (e.g. model: {family: transformer})"), problems.toString());
        assertTrue(problems.contains("seeds: x is not an integer"), problems.toString());
        assertTrue(problems.contains("measures must be a list of measure names, not a section"), problems.toString());
    }

    @Test
    void aBadOverrideSaysWhy() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentFile.parse(FILE, "quick.yaml", List.of("training")));
        assertTrue(e.getMessage().contains("is not of the form key=value"), e.getMessage());
    }

    private static final String BASE = "language: aNbN\nmodel: transformer\n";

    @Test
    void trialsAreSweepPointsTimesConditionsTimesSeedsInThatOrder() {
        ExperimentPlan plan = ExperimentFile.parse(BASE
                + "conditions: [mle, {name: adversarial, weight: 0.5}]\n"
                + "seeds: [7, 8]\n"
                + "sweep:\n  method: grid\n  parameters:\n"
                + "    training.lr: {values: [0.001, 0.002]}\n"
                + "    model.layers: {value: 3}\n", "s.yaml", List.of());
        assertEquals(8, plan.runs().size());
        List<String> order = plan.runs().stream().map(r -> r.training().get("lr") + "/" + r.condition() + "/" + r.seed())
                .toList();
        assertEquals(List.of("0.001/mle/7", "0.001/mle/8", "0.001/adversarial/7", "0.001/adversarial/8",
                "0.002/mle/7", "0.002/mle/8", "0.002/adversarial/7", "0.002/adversarial/8"), order);
        for (int i = 0; i < 8; i++) {
            assertEquals(i, plan.runs().get(i).trial());
            assertEquals(3, plan.runs().get(i).modelParameters().get("layers"));
        }
        assertEquals(Map.of("weight", 0.5), plan.runs().get(2).conditionParameters());
        assertEquals("mle", ExperimentFile.parse(BASE, "d.yaml", List.of()).runs().get(0).condition(), "mle by default");
        assertEquals(plan.runs(), ExperimentFile.parse(plan.text(), "s.yaml", List.of()).runs(), "the same file, the same trials");
    }

    @Test
    void randomSweepsDrawFromTheirSeedAndWandbFilesMapOver() {
        String wandb = BASE + "method: random\ncount: 4\nparameters:\n"
                + "  training.lr: {distribution: log_uniform_values, min: 0.0001, max: 0.01}\n"
                + "  training.warmup: {distribution: int_uniform, min: 10, max: 20}\n"
                + "  model.dropout: {distribution: uniform, min: 0.0, max: 0.5}\n"
                + "  model.heads: {values: [2, 4]}\n";
        ExperimentPlan first = ExperimentFile.parse(wandb, "w.yaml", List.of());
        ExperimentPlan again = ExperimentFile.parse(wandb, "w.yaml", List.of());
        assertEquals(4, first.runs().size());
        assertEquals(first.runs(), again.runs());
        for (RunSpec r : first.runs()) {
            double lr = ((Number) r.training().get("lr")).doubleValue();
            int warmup = (Integer) r.training().get("warmup");
            double dropout = ((Number) r.modelParameters().get("dropout")).doubleValue();
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            assertTrue(warmup >= 10 && warmup <= 20, "warmup " + warmup);
            assertTrue(dropout >= 0 && dropout <= 0.5, "dropout " + dropout);
            assertTrue(List.of(2, 4).contains(r.modelParameters().get("heads")));
        }
        assertTrue(first.runs().stream().map(r -> r.training().get("lr")).distinct().count() > 1, "points differ");
        ExperimentPlan reseeded = ExperimentFile.parse(wandb + "seed: 1\n", "w.yaml", List.of("sweep.seed=5"));
        assertTrue(!reseeded.runs().get(0).training().equals(first.runs().get(0).training()), "another sweep seed, other draws");
    }

    @Test
    void badSweepsSayWhatIsWrong() {
        ConfigException grid = assertThrows(ConfigException.class, () -> ExperimentFile.parse(BASE
                + "sweep: {method: grid, parameters: {training.lr: {distribution: uniform, min: 0, max: 1}}}\n", "g.yaml", List.of()));
        assertEquals("sweep.parameters.training.lr: a grid takes values lists, not distributions (use method: random)",
                grid.getMessage());
        ConfigException random = assertThrows(ConfigException.class, () -> ExperimentFile.parse(BASE
                + "sweep: {method: random, parameters: {training.lr: {distribution: normal, min: 0, max: 1}}}\n", "r.yaml", List.of()));
        assertEquals("sweep.count must be a positive integer for a random sweep (the number of points)", random.getMessage());
        ConfigException distribution = assertThrows(ConfigException.class, () -> ExperimentFile.parse(BASE
                + "sweep: {method: random, count: 2, parameters: {training.lr: {distribution: normal, min: 0, max: 1}}}\n",
                "r.yaml", List.of()));
        assertEquals("sweep.parameters.training.lr.distribution = normal: must be one of int_uniform, uniform,"
                + " log_uniform_values", distribution.getMessage());
        ConfigException method = assertThrows(ConfigException.class, () -> ExperimentFile.parse(BASE
                + "sweep: {method: bayes, parameters: {}}\n", "b.yaml", List.of()));
        assertEquals("sweep.method = bayes: must be grid or random", method.getMessage());
    }

    @Test
    void languagesTimesModelsTimesSeedsInThatOrderWithEachModelsOwnTraining() {
        String file = String.join("\n",
                "name: grid",
                "languages: [aNbN, {name: dyck, maxLength: 16}]",
                "models:",
                "  - {family: transformer, dModel: 8}",
                "  - {family: lstm, hidden: 16, training: {lr: 1e-2}}",
                "training: {steps: 50, lr: 2e-3}",
                "seeds: 2",
                "reference:",
                "  source: P2",
                "  metric: max/ood/rule_1_accuracy",
                "  values: {aNbN: {transformer: 0.657 ± 0.162}}",
                "");
        ExperimentPlan plan = ExperimentFile.parse(file, "grid.yaml", List.of());
        assertEquals(8, plan.runs().size());
        List<String> order = plan.runs().stream().map(r -> r.language() + "/" + r.model() + "/" + r.seed()).toList();
        assertEquals(List.of("aNbN/transformer/1", "aNbN/transformer/2", "aNbN/lstm/1", "aNbN/lstm/2",
                "dyck/transformer/1", "dyck/transformer/2", "dyck/lstm/1", "dyck/lstm/2"), order);
        assertEquals(0.002, plan.runs().get(0).training().get("lr"));
        assertEquals(0.01, plan.runs().get(2).training().get("lr"));
        assertEquals(50, plan.runs().get(2).training().get("steps"));
        assertEquals(Map.of("hidden", 16), plan.runs().get(2).modelParameters());
        assertEquals(Map.of("maxLength", 16), plan.runs().get(4).languageParameters());
        assertEquals("0.657 ± 0.162", plan.reference().value("aNbN", "transformer"));
        assertEquals("max/ood/rule_1_accuracy", plan.reference().metric());
        assertEquals(null, plan.reference().value("dyck", "lstm"));
    }

    @Test
    void anAxisIsGivenOnceAndNeverEmpty() {
        ConfigException both = assertThrows(ConfigException.class, () -> ExperimentFile.parse(
                "language: aNbN\nlanguages: [dyck]\nmodel: transformer\n", "x.yaml", List.of()));
        assertTrue(both.getMessage().contains("give either language or languages, not both"), both.getMessage());
        ConfigException empty = assertThrows(ConfigException.class, () -> ExperimentFile.parse(
                "language: aNbN\nmodels: []\n", "x.yaml", List.of()));
        assertTrue(empty.getMessage().contains("models must be a non-empty list"), empty.getMessage());
    }

    @Test
    void partsPlanOneAfterAnotherEachOverTheFilesKeys() {
        String file = String.join("\n",
                "name: two-parts",
                "language: {name: icl}",
                "training: {steps: 100}",
                "measures: [loss]",
                "parts:",
                "  - models: [{family: constructed, icl: bayes}, {family: constructed, icl: marginal}]",
                "    training: {steps: 0}",
                "    sweep: {method: grid, parameters: {language.delta: {values: [0.01, 0.1]}}}",
                "  - model: {family: lstm}",
                "    conditions: [mle, icl-marginal]",
                "    seeds: [1, 2]",
                "");
        ExperimentPlan plan = ExperimentFile.parse(file, "two.yaml", List.of());
        assertEquals(4 + 4, plan.runs().size());
        for (int i = 0; i < plan.runs().size(); i++) {
            assertEquals(i, plan.runs().get(i).trial());
        }
        RunSpec analytic = plan.runs().get(1);
        assertEquals("constructed", analytic.model());
        assertEquals(Map.of("delta", 0.1), analytic.languageParameters());
        assertEquals(0, analytic.training().get("steps"));
        RunSpec trained = plan.runs().get(7);
        assertEquals("lstm", trained.model());
        assertEquals("icl-marginal", trained.condition());
        assertEquals(2, trained.seed());
        assertEquals(100, trained.training().get("steps"));
        assertEquals(Map.of(), trained.languageParameters(), "the first part's sweep stays in the first part");
        assertEquals(List.of("loss"), trained.measures());
        var e = assertThrows(ConfigException.class, () -> ExperimentFile.parse(String.join("\n",
                "language: aNbN", "model: transformer", "parts: [{name: other}, {foo: 1}]", ""), "bad.yaml", List.of()));
        assertTrue(e.getMessage().contains("part 1 may not set 'name'"), e.getMessage());
        assertTrue(e.getMessage().contains("part 2 may not set 'foo'"), e.getMessage());
    }

    @Test
    void aSeedsOverrideReplacesTheFilesSeed() {
        String withSeed = FILE.replace("seeds: [3, 4]", "seed: 1");
        ExperimentPlan plan = ExperimentFile.parse(withSeed, "quick.yaml", List.of("seeds=[1,2,3]", "training.lr=1e-3"));
        assertEquals(3, plan.runs().size());
        assertEquals(3, plan.runs().get(2).seed());
        assertEquals(1, ExperimentFile.parse(FILE, "quick.yaml", List.of("seed=9")).runs().size());
        assertEquals(List.of(4L, 5L, 6L), ExperimentFile.parse(FILE, "quick.yaml", List.of("seeds=4,5,6")).runs()
                .stream().map(RunSpec::seed).toList(), "a list without brackets, as a shell passes it unquoted");
        assertThrows(ConfigException.class, () -> ExperimentFile.parse(FILE, "quick.yaml", List.of("seeds=4,x")));
    }

    @Test
    void aSweepOverAKeyOfNoSectionIsRefused() {
        for (String key : List.of("data.grammar", "foo.bar", "seed_everything", "trainer.max_epochs")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ExperimentFile.parse(FILE
                    + "sweep: {method: grid, parameters: {" + key + ": {values: [1, 2]}}}\n", "s.yaml", List.of()), key);
            assertTrue(e.getMessage().contains("sweep parameter '" + key + "' names no setting"), e.getMessage());
        }
    }

    @Test
    void anExperimentNameIsAFolderNameNeverAPath() {
        // YAML double-quoted names; \\e is an escape character (ANSI colours)
        for (String bad : List.of("/some/abs/dir", "../../x", "", "a b", "x\\e[31m", "n".repeat(65), ".hidden")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ExperimentFile.parse(
                    FILE.replace("name: quick", "name: \"" + bad + "\""), "quick.yaml", List.of()), bad);
            assertTrue(e.getMessage().contains("is not an experiment name"), e.getMessage());
            assertTrue(!e.getMessage().contains("\u001b"), "no control character reaches the message raw");
        }
        // an override with a control character is refused already by the YAML reader
        assertThrows(ConfigException.class, () -> ExperimentFile.parse(FILE, "quick.yaml", List.of("name=x\u001b[31m")));
        assertEquals("p1-rule_extrapolation.v2", ExperimentFile.parse(FILE, "quick.yaml",
                List.of("name=p1-rule_extrapolation.v2")).name());
    }
}
