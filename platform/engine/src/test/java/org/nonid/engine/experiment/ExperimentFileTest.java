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
    void unknownKeysAreErrorsThatListTheKnownOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentFile.parse(FILE + "trainig: {steps: 3}\n", "quick.yaml", List.of()));
        assertEquals("quick.yaml: unknown key 'trainig'; known keys: name, description, language, model, training,"
                + " evaluation, measures, seed, seeds, backend", e.getMessage());
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
}
