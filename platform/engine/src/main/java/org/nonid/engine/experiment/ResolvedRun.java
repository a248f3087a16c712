package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigException;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Measure;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.random.Seeds;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.UnknownPluginException;
import org.nonid.engine.training.EvaluationSettings;
import org.nonid.engine.training.Trainer;
import org.nonid.engine.training.TrainingSettings;

/**
 * A run spec checked against the installed plugins: every plugin found, every section resolved
 * against its schema, the language instance, its test prompts and the condition's objective
 * built. Building one allocates no model and no data set.
 */
record ResolvedRun(RunSpec spec, Language language, Config languageConfig, FormalLanguage formalLanguage,
                   PromptSet prompts, ModelFamily family, Config modelConfig, Config trainingConfig,
                   Config evaluationConfig, TrainingCondition condition, Config conditionConfig,
                   Optional<AuxiliaryObjective> objective, List<Measure> measures,
                   Map<String, Map<String, Object>> measureConfigs, ComputeBackend backend, Optional<Finetune> finetune) {

    /**
     * Resolves a spec, collecting every problem before failing.
     *
     * @throws UnknownPluginException when a plugin is missing (the first such name)
     * @throws ConfigException        listing every bad key
     */
    static ResolvedRun resolve(RunSpec spec, PluginCatalog catalog) {
        Language language = catalog.language(spec.language());
        ModelFamily family = catalog.modelFamily(spec.model());
        ComputeBackend backend = catalog.backend(spec.backend());
        TrainingCondition condition = catalog.condition(spec.condition());
        List<String> problems = new ArrayList<>();
        List<Measure> measures = new ArrayList<>();
        Map<String, Map<String, Object>> measureConfigs = new LinkedHashMap<>();
        for (String name : spec.measures()) {
            Measure measure = catalog.measure(name);
            Config parameters = collect(problems, () -> measure.parameters().resolve("measure." + name,
                    spec.measureParameters(name)));
            if (parameters != null) {
                measures.add(measure.with(parameters));
                if (!parameters.asMap().isEmpty()) {
                    measureConfigs.put(name, parameters.asMap());
                }
            }
        }
        for (String name : spec.measureParameters().keySet()) {
            if (!spec.measures().contains(name)) {
                problems.add("parameters for measure '" + name + "', which the run does not have; its measures: "
                        + String.join(", ", spec.measures()));
            }
        }
        Config languageConfig = collect(problems, () -> language.parameters().resolve("language", spec.languageParameters()));
        Config modelConfig = collect(problems, () -> family.hyperparameters().resolve("model", spec.modelParameters()));
        Config training = collect(problems, () -> TrainingSettings.SCHEMA.resolve("training", spec.training()));
        Config evaluation = collect(problems, () -> EvaluationSettings.SCHEMA.resolve("evaluation", spec.evaluation()));
        Config conditionConfig = collect(problems, () -> condition.parameters().resolve("condition " + spec.condition(),
                spec.conditionParameters()));
        Optional<Finetune> finetune = Optional.empty();
        try {
            finetune = Finetune.resolve(spec.finetune(), spec.experiment(), catalog);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        FormalLanguage formal = language.create(languageConfig);
        EvaluationSettings evaluationSettings = EvaluationSettings.of(evaluation);
        int promptLength = evaluationSettings.promptLength() > 0 ? evaluationSettings.promptLength()
                : formal.defaultPromptLength();
        if (evaluationSettings.maxNewTokens() > formal.sequenceLength()) {
            throw new ConfigException("evaluation.maxNewTokens = " + evaluationSettings.maxNewTokens() + ": at most "
                    + formal.sequenceLength() + " for " + spec.language() + " at this length (its longest word and SOS,"
                    + " EOS: longer completions say nothing more about its rules, and the model's positions grow with"
                    + " them); 0 = the language's maxLength");
        }
        PromptSet prompts = formal.prompts(promptLength, Seeds.stream(spec.seed(), "prompts"));
        Optional<AuxiliaryObjective> objective;
        try {
            objective = condition.objective(formal, prompts, conditionConfig);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ResolvedRun(spec, language, languageConfig, formal, prompts, family, modelConfig, training, evaluation,
                condition, conditionConfig, objective, measures, measureConfigs, backend, finetune);
    }

    private interface Resolution {
        Config get();
    }

    private static Config collect(List<String> problems, Resolution resolution) {
        try {
            return resolution.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    TrainingSettings training() {
        return TrainingSettings.of(trainingConfig);
    }

    EvaluationSettings evaluation() {
        return EvaluationSettings.of(evaluationConfig);
    }

    /**
     * A fresh model of this run: its family and hyperparameters on its backend, sized for its
     * language and evaluation, with the weights its seed gives. Training and loading use this one
     * recipe, so a loaded checkpoint always fits the model it was saved from.
     */
    Model createModel() {
        FormalLanguage language = formalLanguage();
        return family().create(new ModelContext(backend(), language.vocabulary().size(),
                Trainer.requiredLength(language, evaluation(), objective()), Seeds.derive(spec().seed(), "model"), language),
                modelConfig());
    }

    /** The resolved configuration as stored with the run. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", spec.experiment());
        m.put("trial", spec.trial());
        m.put("seed", spec.seed());
        Map<String, Object> lang = new LinkedHashMap<>();
        lang.put("name", spec.language());
        lang.putAll(languageConfig.asMap());
        m.put("language", lang);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("family", spec.model());
        model.putAll(modelConfig.asMap());
        m.put("model", model);
        m.put("training", trainingConfig.asMap());
        m.put("evaluation", evaluationConfig.asMap());
        Map<String, Object> cond = new LinkedHashMap<>();
        cond.put("name", spec.condition());
        cond.putAll(conditionConfig.asMap());
        m.put("condition", cond);
        m.put("measures", spec.measures());
        if (!measureConfigs.isEmpty()) {
            m.put("measure_parameters", measureConfigs);
        }
        m.put("backend", spec.backend());
        finetune.ifPresent(f -> m.put("finetune", f.asMap()));
        return m;
    }
}
