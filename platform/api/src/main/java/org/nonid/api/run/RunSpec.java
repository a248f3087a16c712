package org.nonid.api.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * @param finetune           where a fine-tuning run starts (empty for a run from fresh weights): the parent
 *                           ({@code run}, or {@code trial} of {@code experiment}, this one by default), and an
 *                           optional {@code reparametrisation} with its parameters (e.g. {@code alpha})
 * @param measureParameters  the parameters of the measures that are given some, by measure name
 */
public record RunSpec(String experiment, int trial, String language, Map<String, Object> languageParameters,
                      String model, Map<String, Object> modelParameters, Map<String, Object> training,
                      Map<String, Object> evaluation, String condition, Map<String, Object> conditionParameters,
                      List<String> measures, long seed, String backend, Map<String, Object> finetune,
                      Map<String, Map<String, Object>> measureParameters) {
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
        finetune = Map.copyOf(finetune);
        Map<String, Map<String, Object>> copied = new LinkedHashMap<>();
        measureParameters.forEach((k, v) -> copied.put(k, Map.copyOf(v)));
        measureParameters = Collections.unmodifiableMap(copied);
    }

    /** A run whose measures take their default parameters. */
    public RunSpec(String experiment, int trial, String language, Map<String, Object> languageParameters,
                   String model, Map<String, Object> modelParameters, Map<String, Object> training,
                   Map<String, Object> evaluation, String condition, Map<String, Object> conditionParameters,
                   List<String> measures, long seed, String backend, Map<String, Object> finetune) {
        this(experiment, trial, language, languageParameters, model, modelParameters, training, evaluation, condition,
                conditionParameters, measures, seed, backend, finetune, Map.of());
    }

    /** The parameters given to one measure (empty when none). */
    public Map<String, Object> measureParameters(String measure) {
        return measureParameters.getOrDefault(measure, Map.of());
    }

    /** A run from fresh weights. */
    public RunSpec(String experiment, int trial, String language, Map<String, Object> languageParameters,
                   String model, Map<String, Object> modelParameters, Map<String, Object> training,
                   Map<String, Object> evaluation, String condition, Map<String, Object> conditionParameters,
                   List<String> measures, long seed, String backend) {
        this(experiment, trial, language, languageParameters, model, modelParameters, training, evaluation, condition,
                conditionParameters, measures, seed, backend, Map.of());
    }

    /** Whether the run starts from another run's weights. */
    public boolean isFinetuning() {
        return !finetune.isEmpty();
    }

    /**
     * The run's configuration as flat settings, for tables, comparisons and exports: {@code
     * language.name}, {@code language.KEY}, {@code model.family}, {@code model.KEY}, {@code
     * training.KEY}, {@code evaluation.KEY}, {@code condition.name}, {@code condition.KEY}, {@code
     * measures} (comma-separated), {@code measure.NAME.KEY}, {@code backend}, {@code finetune.KEY};
     * sections in that order, keys in alphabetical order within each, values as text. Experiment,
     * trial and seed are not settings.
     */
    public Map<String, String> settings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("language.name", language);
        section(out, "language.", languageParameters);
        out.put("model.family", model);
        section(out, "model.", modelParameters);
        section(out, "training.", training);
        section(out, "evaluation.", evaluation);
        out.put("condition.name", condition);
        section(out, "condition.", conditionParameters);
        out.put("measures", String.join(",", measures));
        new TreeMap<>(measureParameters).forEach((name, parameters) -> section(out, "measure." + name + ".", parameters));
        out.put("backend", backend);
        section(out, "finetune.", finetune);
        return out;
    }

    private static void section(Map<String, String> out, String prefix, Map<String, ?> values) {
        new TreeMap<>(values).forEach((key, value) -> out.put(prefix + key, value instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value)));
    }
}
