package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;
import org.nonid.api.config.UnknownName;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.Reference;
import org.nonid.api.run.RunSpec;

/**
 * The experiment file format (YAML):
 * <pre>
 * name: p1
 * language: {name: aNbN, maxLength: 32}
 * model: {family: transformer, dModel: 32, heads: 4, layers: 2, feedForward: 128, dropout: 0}
 * training: {steps: 3000, batchSize: 0, warmup: 100}
 * evaluation: {every: 100}
 * conditions: [mle, {name: adversarial, weight: 1}, oracle]
 * measures: [loss, bayes-gap, rule-extrapolation]
 * seeds: 5                  # or a list [1, 2], or seed: 1
 * backend: cpu
 * sweep:                    # optional; grid or random over dotted keys (W&B subset)
 *   method: grid
 *   parameters: {training.lr: {values: [1e-3, 2e-3]}}
 * </pre>
 * A W&B sweep file's {@code method} and {@code parameters} may also stand at the top level.
 * Trials are languages x models x sweep points x conditions x seeds, in that nesting order. A file
 * may also list {@code parts:}, each a section laid over the file's keys: the trials of the parts
 * follow one another (e.g. constructed models over a sweep, then trained models over seeds). Keys are checked here for
 * shape; plugin names and values are checked against the installed plugins by the service.
 */
final class ExperimentFile {
    static final List<String> KEYS = List.of("name", "description", "language", "languages", "model", "models",
            "training", "evaluation", "reference",
            "conditions", "measures", "seed", "seeds", "backend", "sweep", "method", "parameters", "count", "run_cap",
            "parts", "finetune", "cluster");
    static final List<String> PART_KEYS = List.of("description", "language", "languages", "model", "models", "training",
            "evaluation", "conditions", "measures", "seed", "seeds", "backend", "sweep", "method", "parameters", "count",
            "run_cap", "finetune");
    /** What an experiment name may be: it becomes a folder name under the data folder. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** A name with control characters shown as escapes, so that none reaches a terminal raw. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 80 ? sb.substring(0, 80) + "..." : sb.toString();
    }

    /** The sections a sweep parameter or a part may set for a run. */
    static final List<String> RUN_SECTIONS = List.of("language", "model", "training", "evaluation", "conditions",
            "measures", "seed", "seeds", "backend", "finetune");
    static final List<String> DEFAULT_MEASURES = List.of("loss", "bayes-gap", "rule-extrapolation");

    private ExperimentFile() {
    }

    private record Condition(String name, Map<String, Object> parameters) {
    }

    static ExperimentPlan parse(String text, String source, List<String> overrides) {
        Object loaded = YamlText.load(text, source);
        Map<String, Object> root = new LinkedHashMap<>();
        if (loaded instanceof Map) {
            ((Map<?, ?>) loaded).forEach((k, v) -> root.put(String.valueOf(k), v));
        } else if (loaded != null) {
            throw new ConfigException(source + ": an experiment file is a map of keys (" + String.join(", ", KEYS)
                    + "), not " + describe(loaded));
        }
        override(root, overrides);
        List<String> problems = new ArrayList<>();
        for (String key : root.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(source + ": " + UnknownName.message("key", key, KEYS));
            }
        }
        String name = text(root, "name", defaultName(source), problems);
        if (!name.matches(NAME)) {
            problems.add(source + ": name '" + printable(name) + "' is not an experiment name: 1 to 64 letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit (it names a folder of reports)");
        }
        List<RunSpec> runs = new ArrayList<>();
        FamilyScopes scopes = new FamilyScopes();
        for (Map<String, Object> part : parts(root, source, problems)) {
            // a part may replace a section an override set; the override wins there too
            if (!part.equals(root)) {
                override(part, overrides);
            }
            planPart(part, name, source, runs, scopes, problems);
        }
        scopes.check(source, problems);
        Reference reference = reference(root, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(dedupe(problems));
        }
        return new ExperimentPlan(name, runs, source, text, overrides, reference);
    }

    /**
     * The file's {@code cluster:} section with the overrides laid over it ({@code cluster.partition=gpu}):
     * how a batch system runs its trials; empty when it has none. Its keys are the executor's to check.
     */
    static Map<String, Object> cluster(String text, String source, List<String> overrides) {
        Object loaded = YamlText.load(text, source);
        Map<String, Object> root = new LinkedHashMap<>();
        if (loaded instanceof Map) {
            ((Map<?, ?>) loaded).forEach((k, v) -> root.put(String.valueOf(k), v));
        }
        override(root, overrides);
        Object cluster = root.get("cluster");
        if (cluster == null) {
            return Map.of();
        }
        if (!(cluster instanceof Map<?, ?> map)) {
            throw new ConfigException(source + ": cluster is a section of keys (partition, cpusPerTask, ...), not "
                    + describe(cluster));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Lays dotted overrides over a file (or a part); one of seed or seeds replaces whichever the file gives. */
    private static void override(Map<String, Object> root, List<String> overrides) {
        for (String override : overrides) {
            String key = override.contains("=") ? override.substring(0, override.indexOf('=')).trim() : "";
            if (key.equals("seed") || key.equals("seeds")) {
                root.remove("seed");
                root.remove("seeds");
            }
        }
        Overrides.apply(root, overrides);
    }

    /**
     * The parts of an experiment: the file itself, or, where it has {@code parts:}, each part laid over
     * the file's other keys (a part replaces the sections it names), planned one after the other.
     */
    private static List<Map<String, Object>> parts(Map<String, Object> root, String source, List<String> problems) {
        if (!root.containsKey("parts")) {
            return List.of(root);
        }
        Object v = root.get("parts");
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            problems.add(source + ": parts must be a non-empty list of sections");
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int index = 0;
        for (Object item : (List<?>) v) {
            index++;
            if (!(item instanceof Map)) {
                problems.add(source + ": part " + index + " is not a section of keys");
                continue;
            }
            Map<String, Object> part = new LinkedHashMap<>(root);
            part.remove("parts");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) item).entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals("name") || key.equals("parts") || key.equals("reference") || !KEYS.contains(key)) {
                    problems.add(source + ": part " + index + " may not set '" + key + "'; a part sets any of "
                            + String.join(", ", PART_KEYS));
                    continue;
                }
                replaceAxis(part, key);
                part.put(key, e.getValue());
            }
            out.add(part);
        }
        return out;
    }

    /** A part's language(s), model(s), seed(s) or sweep replace the file's, whichever form either uses. */
    private static void replaceAxis(Map<String, Object> part, String key) {
        for (List<String> pair : List.of(List.of("language", "languages"), List.of("model", "models"),
                List.of("seed", "seeds"), List.of("sweep", "method", "parameters", "count", "run_cap"))) {
            if (pair.contains(key)) {
                pair.forEach(part::remove);
            }
        }
    }

    /** The trials of one part: languages x models x sweep points x conditions x seeds. */
    private static void planPart(Map<String, Object> root, String name, String source, List<RunSpec> runs,
                                 FamilyScopes scopes, List<String> problems) {
        Map<String, Object> sweep = sweepSection(root, problems);
        List<Map<String, Object>> points = Sweep.points(sweep, problems);
        List<Condition> conditions = conditions(root, problems);
        List<Map<String, Object>> languages = Axes.entries(root, "language", "languages", "name", problems);
        List<Map<String, Object>> models = Axes.entries(root, "model", "models", "family", problems);
        for (Map<String, Object> languageEntry : languages) {
            for (Map<String, Object> modelEntry : models) {
                for (Map<String, Object> point : points) {
                    plan(Axes.combine(root, languageEntry, modelEntry, problems), point, conditions, name, source, runs,
                            scopes, problems);
                }
            }
        }
    }

    /** The trials of one language, model and sweep point: conditions x seeds. */
    private static void plan(Map<String, Object> base, Map<String, Object> point, List<Condition> conditions, String name,
                             String source, List<RunSpec> runs, FamilyScopes scopes, List<String> problems) {
        Map<String, Object> spec = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : point.entrySet()) {
            String section = e.getKey().split("\\.")[0];
            if (!KEYS.contains(section) || List.of("name", "parts", "sweep", "method", "parameters", "count", "run_cap",
                    "reference", "cluster").contains(section)) {
                problems.add(source + ": sweep parameter '" + e.getKey() + "' names no setting ('" + section
                        + "' is not a section of a run: " + String.join(", ", RUN_SECTIONS) + ")");
                continue;
            }
            if (e.getKey().equals("seed") || e.getKey().equals("seeds")) {
                spec.remove("seed");
                spec.remove("seeds");
            }
            Overrides.put(spec, e.getKey(), e.getValue());
        }
        Map<String, Object> language = section(spec, "language", "name", problems);
        Map<String, Object> model = section(spec, "model", "family", problems);
        Map<String, Object> training = map(spec, "training", problems);
        Map<String, Object> evaluation = map(spec, "evaluation", problems);
        Map<String, Object> finetune = map(spec, "finetune", problems);
        MeasureList measures = measures(spec, problems);
        List<Long> seeds = seeds(spec, problems);
        String backend = text(spec, "backend", "cpu", problems);
        Object languageName = language.remove("name");
        Object family = model.remove("family");
        if (languageName == null) {
            problems.add(source + ": language.name is missing (e.g. language: {name: aNbN})");
        }
        if (family == null) {
            problems.add(source + ": model.family is missing (e.g. model: {family: transformer})");
        }
        if (!problems.isEmpty()) {
            return;
        }
        scopes.apply(family.toString(), model);
        for (Condition condition : conditions) {
            for (long seed : seeds) {
                runs.add(new RunSpec(name, runs.size(), languageName.toString(), language, family.toString(), model,
                        training, evaluation, condition.name(), condition.parameters(), measures.names(), seed, backend,
                        finetune, measures.parameters()));
            }
        }
    }

    /**
     * Reference numbers: {@code reference: {source: ..., metric: max/ood/rule_1_accuracy,
     * values: {aNbN: {transformer: 0.657 ± 0.162, ...}, ...}}}.
     */
    private static Reference reference(Map<String, Object> root, List<String> problems) {
        Map<String, Object> section = map(root, "reference", problems);
        if (section.isEmpty()) {
            return Reference.NONE;
        }
        for (String key : section.keySet()) {
            if (!List.of("source", "metric", "values").contains(key)) {
                problems.add("reference: " + UnknownName.message("key", key, List.of("source", "metric", "values")));
            }
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        map(section, "values", problems).forEach((language, byModel) -> {
            if (!(byModel instanceof Map)) {
                problems.add("reference.values." + language + " must map model families to values");
                return;
            }
            Map<String, String> row = new LinkedHashMap<>();
            ((Map<?, ?>) byModel).forEach((model, value) -> row.put(String.valueOf(model), String.valueOf(value)));
            values.put(language, row);
        });
        return new Reference(text(section, "source", "", problems), text(section, "metric", "", problems), values);
    }

    private static List<String> dedupe(List<String> problems) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(problems));
    }

    /** The sweep: a {@code sweep} section, or W&B's {@code method}/{@code parameters} at the top. */
    private static Map<String, Object> sweepSection(Map<String, Object> root, List<String> problems) {
        Map<String, Object> sweep = map(root, "sweep", problems);
        for (String key : List.of("method", "parameters", "count", "run_cap")) {
            if (root.containsKey(key)) {
                if (sweep.containsKey(key)) {
                    problems.add("sweep " + key + " is given twice: in the sweep section and at the top level");
                }
                sweep.put(key, root.get(key));
            }
        }
        return sweep;
    }

    private static List<Condition> conditions(Map<String, Object> root, List<String> problems) {
        Object v = root.get("conditions");
        List<Condition> out = new ArrayList<>();
        if (v == null) {
            out.add(new Condition("mle", Map.of()));
            return out;
        }
        List<?> items = v instanceof List ? (List<?>) v : List.of(v);
        for (Object item : items) {
            if (item instanceof String) {
                out.add(new Condition((String) item, Map.of()));
            } else if (item instanceof Map && ((Map<?, ?>) item).get("name") instanceof String) {
                Map<String, Object> parameters = new LinkedHashMap<>();
                ((Map<?, ?>) item).forEach((k, val) -> parameters.put(String.valueOf(k), val));
                String name = (String) parameters.remove("name");
                out.add(new Condition(name, parameters));
            } else {
                problems.add("conditions: " + item + " is neither a condition name nor {name: ..., parameter: ...}");
            }
        }
        if (out.isEmpty()) {
            problems.add("conditions is empty");
        }
        return out;
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
        return map(root, key, problems);
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
        ((Map<?, ?>) v).forEach((k, val) -> m.put(String.valueOf(k), val));
        return m;
    }

    /** The measures of a run, and the parameters of those given some. */
    record MeasureList(List<String> names, Map<String, Map<String, Object>> parameters) {
    }

    /** {@code measures: [loss, {name: b-excess, key: value}]}: names, or sections with a name and parameters. */
    private static MeasureList measures(Map<String, Object> root, List<String> problems) {
        Object v = root.get("measures");
        if (v == null) {
            return new MeasureList(DEFAULT_MEASURES, Map.of());
        }
        List<String> names = new ArrayList<>();
        Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
        if (v instanceof String) {
            names.add((String) v);
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) {
                if (o instanceof Map<?, ?> section) {
                    Map<String, Object> given = new LinkedHashMap<>();
                    section.forEach((key, value) -> given.put(String.valueOf(key), value));
                    Object name = given.remove("name");
                    if (name == null) {
                        problems.add("measures: a measure with parameters needs its name, e.g. {name: b-excess, split: id}");
                        continue;
                    }
                    names.add(name.toString());
                    parameters.put(name.toString(), given);
                } else {
                    names.add(String.valueOf(o));
                }
            }
        } else {
            problems.add("measures must be a list of measure names, not " + describe(v));
        }
        return new MeasureList(names, parameters);
    }

    private static List<Long> seeds(Map<String, Object> root, List<String> problems) {
        Object seeds = root.get("seeds");
        Object seed = root.get("seed");
        if (seeds != null && seed != null) {
            problems.add("give either seed or seeds, not both");
        }
        List<Long> out = new ArrayList<>();
        if (seeds instanceof String && ((String) seeds).contains(",")) {
            // seeds=1,2,3 from a command line: a list without brackets
            List<Object> items = new ArrayList<>();
            for (String item : ((String) seeds).split(",")) {
                items.add(item.trim().matches("-?\\d{1,18}") ? (Object) Long.parseLong(item.trim()) : item.trim());
            }
            seeds = items;
        }
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
