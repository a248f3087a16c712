package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.config.UnknownName;
import org.nonid.api.random.Seeds;

/**
 * Sweep points over dotted keys, in the subset of the W&B sweep format that experiments need:
 * {@code method: grid|random}, {@code parameters: {key: {values: [...]} | {value: x} |
 * {distribution: int_uniform|uniform|log_uniform_values, min, max}}}, and for random sweeps
 * {@code count} (or W&B's {@code run_cap}) points drawn with {@code seed}. Grid points vary the
 * first key slowest.
 */
final class Sweep {
    static final List<String> KEYS = List.of("method", "parameters", "count", "run_cap", "seed");
    static final List<String> DISTRIBUTIONS = List.of("int_uniform", "uniform", "log_uniform_values");

    private Sweep() {
    }

    /** One empty point when there is no sweep. */
    static List<Map<String, Object>> points(Map<String, Object> sweep, List<String> problems) {
        if (sweep == null || sweep.isEmpty()) {
            return List.of(Map.of());
        }
        for (String key : sweep.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add("sweep: " + UnknownName.message("key", key, KEYS));
            }
        }
        String method = String.valueOf(sweep.getOrDefault("method", "grid"));
        Object parameters = sweep.get("parameters");
        if (!(parameters instanceof Map)) {
            problems.add("sweep.parameters must be a section of dotted keys, e.g. training.lr: {values: [1e-3, 2e-3]}");
            return List.of(Map.of());
        }
        Map<String, Map<String, Object>> specs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parameters).entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map)) {
                problems.add("sweep.parameters." + key + " must be {values: [...]}, {value: x} or {distribution: ..., min, max}");
                continue;
            }
            Map<String, Object> spec = new LinkedHashMap<>();
            ((Map<?, ?>) e.getValue()).forEach((k, v) -> spec.put(String.valueOf(k), v));
            specs.put(key, spec);
        }
        switch (method) {
            case "grid":
                return grid(specs, problems);
            case "random":
                return random(specs, sweep, problems);
            default:
                problems.add("sweep.method = " + method + ": must be grid or random");
                return List.of(Map.of());
        }
    }

    private static List<Map<String, Object>> grid(Map<String, Map<String, Object>> specs, List<String> problems) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, Map<String, Object>> e : specs.entrySet()) {
            List<?> values = choices(e.getKey(), e.getValue(), problems);
            if (values == null) {
                if (e.getValue().containsKey("distribution")) {
                    problems.add("sweep.parameters." + e.getKey() + ": a grid takes values lists, not distributions"
                            + " (use method: random)");
                }
                continue;
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object v : values) {
                    Map<String, Object> p = new LinkedHashMap<>(point);
                    p.put(e.getKey(), v);
                    next.add(p);
                }
            }
            points = next;
        }
        return points;
    }

    private static List<Map<String, Object>> random(Map<String, Map<String, Object>> specs, Map<String, Object> sweep,
                                                    List<String> problems) {
        Object countValue = sweep.containsKey("count") ? sweep.get("count") : sweep.get("run_cap");
        int count = countValue instanceof Integer ? (Integer) countValue : -1;
        if (count < 1) {
            problems.add("sweep.count must be a positive integer for a random sweep (the number of points)");
            return List.of(Map.of());
        }
        long seed = sweep.get("seed") instanceof Number ? ((Number) sweep.get("seed")).longValue() : 0L;
        SplittableRandom random = Seeds.stream(seed, "sweep");
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> point = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : specs.entrySet()) {
                Object v = draw(e.getKey(), e.getValue(), random, problems);
                if (v != null) {
                    point.put(e.getKey(), v);
                }
            }
            points.add(point);
        }
        return points;
    }

    /** The values of a values/value spec, or null for a distribution. */
    private static List<?> choices(String key, Map<String, Object> spec, List<String> problems) {
        if (spec.containsKey("values")) {
            Object values = spec.get("values");
            if (!(values instanceof List) || ((List<?>) values).isEmpty()) {
                problems.add("sweep.parameters." + key + ".values must be a non-empty list");
                return List.of();
            }
            return (List<?>) values;
        }
        if (spec.containsKey("value")) {
            return java.util.Collections.singletonList(spec.get("value"));
        }
        if (!spec.containsKey("distribution")) {
            problems.add("sweep.parameters." + key + " needs values, value or distribution");
            return List.of();
        }
        return null;
    }

    private static Object draw(String key, Map<String, Object> spec, SplittableRandom random, List<String> problems) {
        List<?> values = choices(key, spec, problems);
        if (values != null) {
            return values.isEmpty() ? null : values.get(random.nextInt(values.size()));
        }
        String distribution = String.valueOf(spec.get("distribution"));
        Object min = spec.get("min");
        Object max = spec.get("max");
        if (!(min instanceof Number) || !(max instanceof Number)) {
            problems.add("sweep.parameters." + key + ": distribution " + distribution + " needs numeric min and max");
            return null;
        }
        double lo = ((Number) min).doubleValue();
        double hi = ((Number) max).doubleValue();
        if (hi < lo) {
            problems.add("sweep.parameters." + key + ": max " + hi + " is below min " + lo);
            return null;
        }
        switch (distribution) {
            case "int_uniform":
                return (int) lo + random.nextInt((int) hi - (int) lo + 1);
            case "uniform":
                return lo + random.nextDouble() * (hi - lo);
            case "log_uniform_values":
                if (lo <= 0) {
                    problems.add("sweep.parameters." + key + ": log_uniform_values needs min > 0");
                    return null;
                }
                return Math.exp(Math.log(lo) + random.nextDouble() * (Math.log(hi) - Math.log(lo)));
            default:
                problems.add("sweep.parameters." + key + ".distribution = " + distribution + ": must be one of "
                        + String.join(", ", DISTRIBUTIONS));
                return null;
        }
    }
}
