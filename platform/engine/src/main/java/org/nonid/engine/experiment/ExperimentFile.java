package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.RunSpec;

/**
 * The experiment file format (YAML):
 * <pre>
 * name: quickstart
 * language: {name: aNbN, maxLength: 32}
 * model: {family: transformer, dModel: 32, heads: 4, layers: 2, feedForward: 128, dropout: 0}
 * training: {steps: 3000, batchSize: 0, warmup: 100}
 * evaluation: {every: 100}
 * measures: [loss, bayes-gap, rule-extrapolation]
 * seeds: [1, 2, 3]          # or a count (seeds: 3 means 1, 2, 3), or seed: 1
 * backend: cpu
 * </pre>
 * Every seed becomes one run (trial). Keys are checked here for shape; plugin names and parameter
 * values are checked against the installed plugins by the experiment service.
 */
final class ExperimentFile {
    static final List<String> KEYS = List.of("name", "description", "language", "model", "training", "evaluation",
            "measures", "seed", "seeds", "backend");
    static final List<String> DEFAULT_MEASURES = List.of("loss", "bayes-gap", "rule-extrapolation");

    private ExperimentFile() {
    }

    @SuppressWarnings("unchecked")
    static ExperimentPlan parse(String text, String source, List<String> overrides) {
        Object loaded = YamlText.load(text, source);
        Map<String, Object> root = new LinkedHashMap<>();
        if (loaded instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) loaded).entrySet()) {
                root.put(String.valueOf(e.getKey()), e.getValue());
            }
        } else if (loaded != null) {
            throw new ConfigException(source + ": an experiment file is a map of keys (" + String.join(", ", KEYS)
                    + "), not " + describe(loaded));
        }
        Overrides.apply(root, overrides);
        List<String> problems = new ArrayList<>();
        for (String key : root.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(source + ": unknown key '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        String name = text(root, "name", defaultName(source), problems);
        Map<String, Object> language = section(root, "language", "name", problems);
        Map<String, Object> model = section(root, "model", "family", problems);
        Map<String, Object> training = map(root, "training", problems);
        Map<String, Object> evaluation = map(root, "evaluation", problems);
        List<String> measures = measures(root, problems);
        List<Long> seeds = seeds(root, problems);
        String backend = text(root, "backend", "cpu", problems);
        String languageName = (String) language.remove("name");
        String family = (String) model.remove("family");
        if (languageName == null) {
            problems.add(source + ": language.name is missing (e.g. language: {name: aNbN})");
        }
        if (family == null) {
            problems.add(source + ": model.family is missing (e.g. model: {family: transformer})");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<RunSpec> runs = new ArrayList<>();
        for (int trial = 0; trial < seeds.size(); trial++) {
            runs.add(new RunSpec(name, trial, languageName, language, family, model, training, evaluation, measures,
                    seeds.get(trial), backend));
        }
        return new ExperimentPlan(name, runs);
    }

    private static String defaultName(String source) {
        String base = source.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static String text(Map<String, Object> root, String key, String fallback, List<String> problems) {
        Object v = root.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String || v instanceof Number) {
            return v.toString();
        }
        problems.add(key + " must be a single value, not " + describe(v));
        return fallback;
    }

    /** A section that may be written as its name alone: {@code language: aNbN}. */
    private static Map<String, Object> section(Map<String, Object> root, String key, String nameKey, List<String> problems) {
        Object v = root.get(key);
        if (v instanceof String) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(nameKey, v);
            return m;
        }
        Map<String, Object> m = map(root, key, problems);
        Object name = m.get(nameKey);
        if (name != null && !(name instanceof String)) {
            m.put(nameKey, name.toString());
        }
        return m;
    }

    private static Map<String, Object> map(Map<String, Object> root, String key, List<String> problems) {
        Object v = root.get(key);
        Map<String, Object> m = new LinkedHashMap<>();
        if (v == null) {
            return m;
        }
        if (!(v instanceof Map)) {
            problems.add(key + " must be a section of keys, not " + describe(v));
            return m;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            m.put(String.valueOf(e.getKey()), e.getValue());
        }
        return m;
    }

    private static List<String> measures(Map<String, Object> root, List<String> problems) {
        Object v = root.get("measures");
        if (v == null) {
            return DEFAULT_MEASURES;
        }
        List<String> names = new ArrayList<>();
        if (v instanceof String) {
            names.add((String) v);
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) {
                names.add(String.valueOf(o));
            }
        } else {
            problems.add("measures must be a list of measure names, not " + describe(v));
        }
        return names;
    }

    private static List<Long> seeds(Map<String, Object> root, List<String> problems) {
        Object seeds = root.get("seeds");
        Object seed = root.get("seed");
        if (seeds != null && seed != null) {
            problems.add("give either seed or seeds, not both");
        }
        List<Long> out = new ArrayList<>();
        if (seeds instanceof List) {
            List<?> list = (List<?>) seeds;
            if (list.isEmpty()) {
                problems.add("seeds is empty");
            }
            for (Object o : list) {
                if (isInteger(o)) {
                    out.add(((Number) o).longValue());
                } else {
                    problems.add("seeds: " + o + " is not an integer");
                }
            }
        } else if (seeds instanceof Integer) {
            int count = (Integer) seeds;
            if (count < 1) {
                problems.add("seeds = " + count + ": a count of seeds must be at least 1");
            }
            for (long s = 1; s <= count; s++) {
                out.add(s);
            }
        } else if (seeds != null) {
            problems.add("seeds must be a list of integers or a count, not " + describe(seeds));
        } else if (isInteger(seed)) {
            out.add(((Number) seed).longValue());
        } else if (seed != null) {
            problems.add("seed must be an integer, not " + describe(seed));
        } else {
            out.add(1L);
        }
        return out;
    }

    private static boolean isInteger(Object o) {
        return (o instanceof Integer || o instanceof Long)
                || (o instanceof Number && ((Number) o).doubleValue() == Math.rint(((Number) o).doubleValue()));
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "a section";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
