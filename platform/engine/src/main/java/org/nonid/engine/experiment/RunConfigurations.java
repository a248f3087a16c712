package org.nonid.engine.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunSpec;

/**
 * A run's configuration as the store keeps it, written and read here only: the resolved
 * {@link RunSpec} (every setting with its default filled in) as a JSON object with the sections
 * {@code language}, {@code model}, {@code training}, {@code evaluation}, {@code condition},
 * {@code measures}, {@code measure_parameters}, {@code backend} and {@code finetune}.
 */
final class RunConfigurations {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private RunConfigurations() {
    }

    /** The stored text of a resolved run's configuration. */
    static String write(ResolvedRun run) {
        return json(run.asMap());
    }

    /** A map of plain values (the run's environment) as JSON. */
    static String json(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The spec a stored run was started with. */
    @SuppressWarnings("unchecked")
    static RunSpec read(RunRecord record) {
        Map<String, Object> config;
        try {
            config = MAPPER.readValue(record.configJson(), Map.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new ConfigException("run " + record.id() + " has no readable configuration: " + e.getMessage());
        }
        if (!(config.get("language") instanceof Map) || !(config.get("model") instanceof Map)) {
            throw new ConfigException("run " + record.id() + " has no readable configuration: no language or model");
        }
        Map<String, Object> language = new LinkedHashMap<>((Map<String, Object>) config.get("language"));
        Map<String, Object> model = new LinkedHashMap<>((Map<String, Object>) config.get("model"));
        String languageName = (String) language.remove("name");
        String family = (String) model.remove("family");
        Map<String, Object> condition = section(config, "condition");
        String conditionName = condition.containsKey("name") ? String.valueOf(condition.remove("name")) : "mle";
        List<String> measures = new ArrayList<>();
        if (config.get("measures") instanceof List<?> names) {
            names.forEach(m -> measures.add(String.valueOf(m)));
        }
        Map<String, Map<String, Object>> measureParameters = config.get("measure_parameters") instanceof Map
                ? (Map<String, Map<String, Object>>) config.get("measure_parameters") : Map.of();
        return new RunSpec(record.experiment(), record.trial(), languageName, language, family, model,
                section(config, "training"), section(config, "evaluation"), conditionName, condition, measures,
                record.seed(), (String) config.get("backend"), section(config, "finetune"), measureParameters);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> config, String name) {
        return config.get(name) instanceof Map ? new LinkedHashMap<>((Map<String, Object>) config.get(name))
                : new LinkedHashMap<>();
    }
}
