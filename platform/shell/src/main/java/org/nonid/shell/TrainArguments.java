package org.nonid.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nonid.api.config.ConfigException;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.config.UnknownName;
import org.nonid.api.run.RunSpec;

/**
 * Builds a run spec from {@code nonid:train} arguments. {@code section.key=value} goes to its
 * section (language, model, training, evaluation, condition, finetune); a bare {@code key=value} goes to the one
 * section whose schema has the key, and is an error if none or several do.
 */
final class TrainArguments {
    static final List<String> SECTIONS = List.of("language", "model", "training", "evaluation", "condition", "finetune");
    static final List<String> DEFAULT_MEASURES = List.of("loss", "bayes-gap", "rule-extrapolation");

    private TrainArguments() {
    }

    static RunSpec build(String language, String model, List<String> assignments, long seed, String backend,
                         String condition, List<String> measures, Map<String, ConfigSchema> schemas) {
        Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        for (String s : SECTIONS) {
            sections.put(s, new LinkedHashMap<>());
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> measureParameters = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                problems.add("'" + a + "' is not of the form key=value (e.g. dModel=32 or training.lr=1e-3)");
                continue;
            }
            String key = a.substring(0, eq).trim();
            String value = a.substring(eq + 1).trim();
            int dot = key.indexOf('.');
            if (key.startsWith("measure.")) {
                // measure.NAME.key=value: a parameter of one of the run's measures
                String rest = key.substring("measure.".length());
                int split = rest.lastIndexOf('.');
                if (split <= 0 || !measures.contains(rest.substring(0, split))) {
                    problems.add("'" + key + "' names no parameter of the run's measures; write measure.NAME.key=value"
                            + " with NAME one of " + String.join(", ", measures));
                } else {
                    measureParameters.computeIfAbsent(rest.substring(0, split), n -> new LinkedHashMap<>())
                            .put(rest.substring(split + 1), value);
                }
                continue;
            }
            if (dot > 0) {
                String section = key.substring(0, dot);
                if (!sections.containsKey(section)) {
                    problems.add("unknown section '" + section + "' in " + key + "; sections: " + String.join(", ", SECTIONS));
                    continue;
                }
                sections.get(section).put(key.substring(dot + 1), value);
                continue;
            }
            List<String> owners = new ArrayList<>();
            for (String s : SECTIONS) {
                if (schemas.containsKey(s) && schemas.get(s).has(key)) {
                    owners.add(s);
                }
            }
            if (owners.isEmpty()) {
                problems.add(UnknownName.message("key", key, knownKeys(schemas)));
            } else if (owners.size() > 1) {
                problems.add("'" + key + "' is a key of " + String.join(" and ", owners) + "; write "
                        + owners.get(0) + "." + key + "=" + value);
            } else {
                sections.get(owners.get(0)).put(key, value);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RunSpec("shell", 0, language, sections.get("language"), model, sections.get("model"),
                sections.get("training"), sections.get("evaluation"), condition, sections.get("condition"), measures, seed,
                backend, sections.get("finetune"), measureParameters);
    }

    /**
     * The measures an option names: {@code a,b} those, {@code +c} the defaults and c, empty the
     * defaults; each name once, in order.
     */
    static List<String> measures(String option) {
        String text = option == null ? "" : option.trim();
        boolean adding = text.startsWith("+");
        Set<String> names = new LinkedHashSet<>(adding || text.isEmpty() ? DEFAULT_MEASURES : List.of());
        for (String name : (adding ? text.substring(1) : text).split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty()) {
            throw new ConfigException("-m names no measure; give names separated by commas, e.g. -m loss,rule-extrapolation");
        }
        return List.copyOf(names);
    }

    private static List<String> knownKeys(Map<String, ConfigSchema> schemas) {
        List<String> names = new ArrayList<>();
        for (String s : SECTIONS) {
            if (schemas.containsKey(s)) {
                schemas.get(s).keys().forEach(k -> names.add(s + "." + k.name()));
            }
        }
        return names;
    }
}
