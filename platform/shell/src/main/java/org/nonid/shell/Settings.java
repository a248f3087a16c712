package org.nonid.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.run.RunRecord;

/** A run's identity and resolved configuration as flat {@code section.key} strings. */
final class Settings {
    private Settings() {
    }

    static Map<String, String> flatten(RunRecord r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("experiment", r.experiment());
        out.put("trial", Integer.toString(r.trial()));
        out.put("seed", Long.toString(r.seed()));
        out.put("status", r.status().label());
        Object config = new org.yaml.snakeyaml.Yaml().load(r.configJson());
        if (config instanceof Map) {
            flatten("", (Map<?, ?>) config, out);
        }
        out.remove("experiment.");
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (key.equals("experiment") || key.equals("trial") || key.equals("seed")) {
                continue;
            }
            if (e.getValue() instanceof Map) {
                flatten(key + ".", (Map<?, ?>) e.getValue(), out);
            } else if (e.getValue() instanceof List) {
                out.put(key, String.join(",", ((List<?>) e.getValue()).stream().map(String::valueOf).toList()));
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }
}
