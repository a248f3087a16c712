package org.nonid.engine.training;

import java.util.List;
import java.util.Map;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/**
 * How a model is trained. Defaults are the papers' (AdamW 2e-3, betas 0.9/0.999, weight decay
 * 0.01, inverse-square-root schedule with 1,000 warm-up steps, batch 128, PAD targets counted).
 */
public record TrainingSettings(int steps, int batchSize, String optimizer, double lr, double beta1, double beta2,
                               double epsilon, double weightDecay, double momentum, String schedule, int warmup,
                               double gradClip, int logEvery, int patience, boolean includePadTargets,
                               int conditionBatch) {

    public static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("steps", 3000, 0, Integer.MAX_VALUE,
                    "optimizer steps; 0 evaluates the model as built (e.g. a constructed model)")
            .integer("batchSize", 128, 0, 1 << 20, "sequences per step; 0 = the whole training set")
            .choice("optimizer", "adamw", List.of("adamw", "sgd"), "optimizer")
            .number("lr", 2e-3, 1e-12, 10.0, "peak learning rate")
            .number("beta1", 0.9, 0.0, 0.999999, "AdamW first-moment decay")
            .number("beta2", 0.999, 0.0, 0.999999999, "AdamW second-moment decay")
            .number("epsilon", 1e-8, 0.0, 1.0, "AdamW denominator term")
            .number("weightDecay", 0.01, 0.0, 10.0, "weight decay (decoupled for AdamW)")
            .number("momentum", 0.0, 0.0, 0.999999, "SGD momentum")
            .choice("schedule", "inverse-sqrt", List.of("inverse-sqrt", "constant"),
                    "learning-rate schedule: linear warm-up then 1/sqrt(step), or constant")
            .integer("warmup", 1000, 0, Integer.MAX_VALUE, "warm-up steps of the inverse-sqrt schedule")
            .number("gradClip", 0.0, 0.0, 1e9, "clip the global gradient norm to this; 0 = off")
            .integer("logEvery", 10, 1, Integer.MAX_VALUE, "record the training loss every this many steps")
            .integer("patience", 0, 0, Integer.MAX_VALUE,
                    "stop after this many evaluations without a lower validation loss; 0 = never")
            .flag("includePadTargets", true, "count PAD targets in the loss, as the papers do")
            .integer("conditionBatch", 0, 0, 1 << 20,
                    "taught completions of a condition per step; 0 = all of them (each step estimates the same loss)")
            .build();

    public static TrainingSettings of(Config c) {
        return new TrainingSettings(c.getInt("steps"), c.getInt("batchSize"), c.getString("optimizer"), c.getDouble("lr"),
                c.getDouble("beta1"), c.getDouble("beta2"), c.getDouble("epsilon"), c.getDouble("weightDecay"),
                c.getDouble("momentum"), c.getString("schedule"), c.getInt("warmup"), c.getDouble("gradClip"),
                c.getInt("logEvery"), c.getInt("patience"), c.getBoolean("includePadTargets"), c.getInt("conditionBatch"));
    }

    public static TrainingSettings resolve(Map<String, ?> given) {
        return of(SCHEMA.resolve("training", given));
    }
}
