package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model keys scoped by family: in a model section, {@code lstm: {dropout: 0.4}} (or the dotted
 * {@code model.lstm.dropout} in a sweep or an override) sets the LSTM's dropout and nothing else.
 * Unscoped keys apply to every family of the experiment, and each family must know them. A setting
 * is never a section, so a section inside a model section is always a family scope. A scope that
 * names no family of the experiment is refused: it would silently set nothing.
 */
final class FamilyScopes {
    private final Set<String> families = new LinkedHashSet<>();
    private final Set<String> scopes = new LinkedHashSet<>();

    /** Takes the scopes out of one run's model settings, laying the run family's own over the rest. */
    void apply(String family, Map<String, Object> model) {
        families.add(family);
        Map<String, Object> own = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, Object>> it = model.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getValue() instanceof Map) {
                scopes.add(e.getKey());
                if (e.getKey().equals(family)) {
                    ((Map<?, ?>) e.getValue()).forEach((k, v) -> own.put(String.valueOf(k), v));
                }
                it.remove();
            }
        }
        model.putAll(own);
    }

    /** A problem for each scope that names no family of the experiment. */
    void check(String source, List<String> problems) {
        if (families.isEmpty()) {
            return;
        }
        for (String scope : scopes) {
            if (!families.contains(scope)) {
                problems.add(source + ": model." + scope + ": no model of this experiment is of family '" + scope
                        + "' (its families: " + String.join(", ", new ArrayList<>(families)) + ")");
            }
        }
    }
}
