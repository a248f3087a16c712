package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The language and model axes of an experiment: either one section ({@code language:},
 * {@code model:}) or a list of them ({@code languages:}, {@code models:}), each entry a section or
 * just its name. A model entry may carry its own {@code training:} settings, which take precedence
 * over the experiment's for that model. Beside a list, a single section without a name holds
 * settings shared by every entry (an entry's own win): {@code model: {dropout: 0, lstm: {layers: 2}}}
 * over {@code models: [transformer, lstm]}.
 */
final class Axes {
    private Axes() {
    }

    /** The entries of one axis, as sections with the name under {@code nameKey}. */
    static List<Map<String, Object>> entries(Map<String, Object> root, String single, String plural, String nameKey,
                                             List<String> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (root.containsKey(single) && root.containsKey(plural) && !isShared(root.get(single), nameKey)) {
            problems.add("give either " + single + " or " + plural + ", not both (beside " + plural + ", a " + single
                    + " section without " + nameKey + " holds settings shared by all of them)");
            return out;
        }
        if (!root.containsKey(plural)) {
            out.add(entry(root.get(single), single, nameKey, problems));
            return out;
        }
        Object v = root.get(plural);
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            problems.add(plural + " must be a non-empty list of " + single + " sections or names");
            return out;
        }
        for (Object item : (List<?>) v) {
            out.add(entry(item, plural, nameKey, problems));
        }
        return out;
    }

    private static boolean isShared(Object single, String nameKey) {
        return single instanceof Map && !((Map<?, ?>) single).containsKey(nameKey);
    }

    private static Map<String, Object> entry(Object v, String where, String nameKey, List<String> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v == null) {
            return m;
        }
        if (v instanceof String) {
            m.put(nameKey, v);
        } else if (v instanceof Map) {
            ((Map<?, ?>) v).forEach((k, val) -> m.put(String.valueOf(k), val));
        } else {
            problems.add(where + ": " + v + " is neither a section nor a name");
        }
        return m;
    }

    /**
     * The experiment's sections for one language and one model: the model's own training settings
     * are laid over the experiment's.
     */
    static Map<String, Object> combine(Map<String, Object> root, Map<String, Object> language, Map<String, Object> model,
                                       List<String> problems) {
        Map<String, Object> spec = new LinkedHashMap<>(root);
        spec.remove("languages");
        spec.remove("models");
        spec.put("language", over(root, "language", "name", language));
        Map<String, Object> modelSection = over(root, "model", "family", model);
        Object ownTraining = modelSection.remove("training");
        spec.put("model", modelSection);
        if (ownTraining != null) {
            if (!(ownTraining instanceof Map)) {
                problems.add("models: training of " + model.get("family") + " must be a section of keys");
            } else {
                Map<String, Object> training = new LinkedHashMap<>();
                if (root.get("training") instanceof Map) {
                    ((Map<?, ?>) root.get("training")).forEach((k, val) -> training.put(String.valueOf(k), val));
                }
                ((Map<?, ?>) ownTraining).forEach((k, val) -> training.put(String.valueOf(k), val));
                spec.put("training", training);
            }
        }
        return spec;
    }

    /** An entry laid over the shared section of its axis, where there is one. */
    private static Map<String, Object> over(Map<String, Object> root, String single, String nameKey,
                                            Map<String, Object> entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        Object shared = root.get(single);
        if (root.containsKey(single + "s") && isShared(shared, nameKey)) {
            ((Map<?, ?>) shared).forEach((k, v) -> out.put(String.valueOf(k), v));
        }
        out.putAll(entry);
        return out;
    }
}
