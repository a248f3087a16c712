package org.nonid.api.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines one run, as the user wrote it (unresolved): the engine resolves each
 * section against its schema and stores the resolved form with the run.
 *
 * @param experiment         the experiment's name
 * @param trial              the run's index in its experiment (0-based)
 * @param language           language plugin name
 * @param languageParameters its parameters
 * @param model              model-family plugin name
 * @param modelParameters    its hyperparameters
 * @param training           training settings (keys of the engine's training schema)
 * @param evaluation         evaluation settings (keys of the engine's evaluation schema)
 * @param condition          training-condition plugin name ({@code mle}: maximum likelihood alone)
 * @param conditionParameters its parameters
 * @param measures           measure plugin names
 * @param seed               the one seed of the run
 * @param backend            compute backend name
 */
public record RunSpec(String experiment, int trial, String language, Map<String, Object> languageParameters,
                      String model, Map<String, Object> modelParameters, Map<String, Object> training,
                      Map<String, Object> evaluation, String condition, Map<String, Object> conditionParameters,
                      List<String> measures, long seed, String backend) {
    public RunSpec {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
        languageParameters = Map.copyOf(languageParameters);
        modelParameters = Map.copyOf(modelParameters);
        training = Map.copyOf(training);
        evaluation = Map.copyOf(evaluation);
        Objects.requireNonNull(condition, "condition");
        conditionParameters = Map.copyOf(conditionParameters);
        measures = List.copyOf(measures);
    }
}
