package org.nonid.engine.training;

import java.util.List;
import java.util.Map;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/** When and how a run is evaluated, and how prompts are completed. */
public record EvaluationSettings(int every, boolean atStart, int promptLength, int maxNewTokens, String decoding,
                                 double temperature) {

    public static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("every", 100, 1, Integer.MAX_VALUE, "evaluate every this many steps (and after the last)")
            .flag("atStart", true, "also evaluate before the first step")
            .integer("promptLength", 0, 0, 64, "test-prompt length K; 0 = the language's default")
            .integer("maxNewTokens", 0, 0, 100_000, "most tokens generated per prompt; 0 = the language's maxLength")
            .choice("decoding", "greedy", List.of("greedy", "sample"), "greedy (argmax) or sampling")
            .number("temperature", 1.0, 1e-3, 100.0, "sampling temperature")
            .build();

    public static EvaluationSettings of(Config c) {
        return new EvaluationSettings(c.getInt("every"), c.getBoolean("atStart"), c.getInt("promptLength"),
                c.getInt("maxNewTokens"), c.getString("decoding"), c.getDouble("temperature"));
    }

    public static EvaluationSettings resolve(Map<String, ?> given) {
        return of(SCHEMA.resolve("evaluation", given));
    }
}
