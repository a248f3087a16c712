package org.nonid.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.run.RunSpec;

class TrainArgumentsTest {
    private static Map<String, ConfigSchema> schemas() {
        Map<String, ConfigSchema> s = new LinkedHashMap<>();
        s.put("language", ConfigSchema.builder().integer("maxLength", 256, 2, null, "").build());
        s.put("model", ConfigSchema.builder().integer("dModel", 10, 1, null, "").integer("steps", 1, 1, null, "").build());
        s.put("training", ConfigSchema.builder().integer("steps", 3000, 1, null, "").number("lr", 2e-3, 0.0, 1.0, "").build());
        s.put("evaluation", ConfigSchema.builder().integer("every", 100, 1, null, "").build());
        return s;
    }

    @Test
    void bareKeysGoToTheSectionThatHasThem() {
        RunSpec spec = TrainArguments.build("aNbN", "transformer",
                List.of("dModel=32", "maxLength=32", "lr=1e-3", "every=50", "training.steps=10"), 4, "cpu", "mle",
                List.of("loss"), schemas());
        assertEquals(Map.of("dModel", "32"), spec.modelParameters());
        assertEquals(Map.of("maxLength", "32"), spec.languageParameters());
        assertEquals(Map.of("lr", "1e-3", "steps", "10"), spec.training());
        assertEquals(Map.of("every", "50"), spec.evaluation());
        assertEquals(4, spec.seed());
    }

    @Test
    void ambiguousAndUnknownKeysSayWhatToWrite() {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainArguments.build("aNbN", "transformer",
                List.of("steps=5", "colour=red", "dModel", "optim.lr=1"), 1, "cpu", "mle", List.of(), schemas()));
        List<String> p = e.problems();
        assertEquals("'steps' is a key of model and training; write model.steps=5", p.get(0));
        assertEquals("unknown key 'colour'; nearest: training.lr, model.dModel, model.steps", p.get(1));
        assertEquals("'dModel' is not of the form key=value (e.g. dModel=32 or training.lr=1e-3)", p.get(2));
        assertEquals("unknown section 'optim' in optim.lr; sections: language, model, training, evaluation, condition, finetune", p.get(3));
    }

    @Test
    void measuresReplaceOrAddToTheDefaults() {
        assertEquals(List.of("loss", "bayes-gap", "rule-extrapolation"), TrainArguments.measures(""));
        assertEquals(List.of("loss", "b-ratio"), TrainArguments.measures("loss, b-ratio"));
        assertEquals(List.of("loss", "bayes-gap", "rule-extrapolation", "b-ratio"), TrainArguments.measures("+b-ratio,loss"));
        ConfigException e = assertThrows(ConfigException.class, () -> TrainArguments.measures(","));
        assertTrue(e.getMessage().startsWith("-m names no measure"), e.getMessage());
    }

    @Test
    void measureParametersAreWrittenMeasureDotNameDotKey() {
        RunSpec spec = TrainArguments.build("aNbN", "transformer", List.of("measure.b-excess.countUnfinished=false"), 1,
                "cpu", "mle", List.of("loss", "b-excess"), schemas());
        assertEquals(Map.of("countUnfinished", "false"), spec.measureParameters("b-excess"));
        ConfigException e = assertThrows(ConfigException.class, () -> TrainArguments.build("aNbN", "transformer",
                List.of("measure.other.x=1"), 1, "cpu", "mle", List.of("loss"), schemas()));
        assertTrue(e.getMessage().contains("'measure.other.x' names no parameter of the run's measures;"
                + " write measure.NAME.key=value with NAME one of loss"), e.getMessage());
    }
}
