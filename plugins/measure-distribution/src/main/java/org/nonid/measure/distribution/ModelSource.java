package org.nonid.measure.distribution;

import org.nonid.api.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.LoadedRun;
import org.nonid.nn.distribution.DataModel;

/**
 * One side of a divergence, from the words a user types: a stored run ({@code 12}), a language's
 * data distribution ({@code data:aNbN maxLength=32}) or a model built by a family for a language
 * ({@code constructed:aNbN maxLength=32 ood=violate}).
 */
final class ModelSource implements AutoCloseable {
    static final String SYNTAX = "a run id (12), data:LANGUAGE [key=value...] or FAMILY:LANGUAGE [key=value...]"
            + " (e.g. constructed:aNbN maxLength=32 ood=violate)";

    private final String label;
    private final Model model;
    private final FormalLanguage language;
    private final PromptSet prompts;
    private final AutoCloseable owner;

    private ModelSource(String label, Model model, FormalLanguage language, PromptSet prompts, AutoCloseable owner) {
        this.label = label;
        this.model = model;
        this.language = language;
        this.prompts = prompts;
        this.owner = owner;
    }

    static ModelSource open(String text, PluginCatalog catalog, ExperimentService experiments) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d+")) {
            long id = Long.parseLong(trimmed);
            LoadedRun run = experiments.load(id);
            return new ModelSource("run " + id + " (" + run.record().model() + " on " + run.record().language() + ")",
                    run.model(), run.language(), run.prompts(), run);
        }
        String[] words = trimmed.split("\\s+");
        int colon = words[0].indexOf(':');
        if (colon <= 0 || colon == words[0].length() - 1) {
            throw new ConfigException("'" + text + "' names no model: give " + SYNTAX);
        }
        String kind = words[0].substring(0, colon);
        Language plugin = catalog.language(words[0].substring(colon + 1));
        ConfigSchema familySchema = kind.equals("data") ? ConfigSchema.empty() : catalog.modelFamily(kind).hyperparameters();
        Map<String, Object> languageValues = new LinkedHashMap<>();
        Map<String, Object> familyValues = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("'" + words[i] + "' is not of the form key=value");
            }
            String key = words[i].substring(0, eq);
            String value = words[i].substring(eq + 1);
            if (plugin.parameters().has(key)) {
                languageValues.put(key, value);
            } else if (familySchema.has(key)) {
                familyValues.put(key, value);
            } else {
                throw new ConfigException("unknown key '" + key + "' for " + words[0] + "; language keys: "
                        + names(plugin.parameters()) + (kind.equals("data") ? "" : "; " + kind + " keys: "
                        + names(familySchema)));
            }
        }
        FormalLanguage language = plugin.create(plugin.parameters().resolve("language", languageValues));
        int positions = 2 * language.sequenceLength() + 64;
        PromptSet prompts = language.prompts(language.defaultPromptLength(), new SplittableRandom(1));
        if (kind.equals("data")) {
            return new ModelSource(trimmed, DataModel.of(language, null, positions), language, prompts, () -> { });
        }
        ModelFamily family = catalog.modelFamily(kind);
        Config config = familySchema.resolve("model", familyValues);
        Model model = family.create(new ModelContext(catalog.backend("cpu"), language.vocabulary().size(), positions, 1,
                language), config);
        return new ModelSource(trimmed, model, language, prompts, model);
    }

    private static String names(ConfigSchema schema) {
        return schema.keys().isEmpty() ? "(none)"
                : String.join(", ", schema.keys().stream().map(k -> k.name()).toList());
    }

    String label() {
        return label;
    }

    Model model() {
        return model;
    }

    FormalLanguage language() {
        return language;
    }

    PromptSet prompts() {
        return prompts;
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception ignored) {
            // releasing memory only
        }
    }
}
