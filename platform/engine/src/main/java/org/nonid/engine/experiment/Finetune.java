package org.nonid.engine.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigException;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.reparam.Reparametrisation;

/**
 * Where a fine-tuning run starts: a parent (a run id, or the latest finished run of a trial of an
 * experiment) whose best-validation weights it loads, and an optional reparametrisation applied to
 * them (checked to leave the function unchanged) before training goes on.
 */
record Finetune(long run, String experiment, int trial, Optional<Reparametrisation> reparametrisation,
                Config reparametrisationConfig) {
    static final List<String> KEYS = List.of("run", "experiment", "trial", "reparametrisation");
    static final String NONE = "none";

    /**
     * The fine-tuning section of a spec, resolved; empty for a run from fresh weights.
     *
     * @throws ConfigException naming what is wrong
     */
    static Optional<Finetune> resolve(Map<String, Object> section, String thisExperiment, PluginCatalog catalog) {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> rest = new LinkedHashMap<>(section);
        Object run = rest.remove("run");
        Object trial = rest.remove("trial");
        Object experiment = rest.remove("experiment");
        Object reparametrisation = rest.remove("reparametrisation");
        if ((run == null) == (trial == null)) {
            throw new ConfigException("finetune: give the parent as run: ID or as trial: N (of this experiment, or of"
                    + " experiment: NAME), exactly one of them");
        }
        long runId = run == null ? 0 : number(run, "finetune.run");
        int trialIndex = trial == null ? -1 : (int) number(trial, "finetune.trial");
        if (run != null && runId < 1 || trial != null && trialIndex < 0) {
            throw new ConfigException("finetune: " + (run != null ? "run = " + run + " must be a run id (1 or more)"
                    : "trial = " + trial + " must be a trial index (0 or more)"));
        }
        String reparametrisationName = reparametrisation == null ? NONE : reparametrisation.toString();
        if (reparametrisationName.equals(NONE)) {
            if (!rest.isEmpty()) {
                throw new ConfigException("finetune: " + org.nonid.api.config.UnknownName.message("key",
                        rest.keySet().iterator().next(), KEYS) + " (or a reparametrisation's parameter, with"
                        + " reparametrisation: NAME)");
            }
            return Optional.of(new Finetune(runId, text(experiment, thisExperiment), trialIndex, Optional.empty(),
                    org.nonid.api.config.ConfigSchema.empty().defaults()));
        }
        Reparametrisation r = catalog.reparametrisation(reparametrisationName);
        Config config = r.parameters().resolve("finetune (" + r.name() + ")", rest);
        return Optional.of(new Finetune(runId, text(experiment, thisExperiment), trialIndex, Optional.of(r), config));
    }

    private static long number(Object value, String key) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = " + value + " is not a whole number");
        }
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    /** As stored with the run. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (run > 0) {
            m.put("run", run);
        } else {
            m.put("experiment", experiment);
            m.put("trial", trial);
        }
        m.put("reparametrisation", reparametrisation.map(Reparametrisation::name).orElse(NONE));
        m.putAll(reparametrisationConfig.asMap());
        return m;
    }

    /** The parent in words. */
    String parentDescription() {
        return run > 0 ? "run " + run : "trial " + trial + " of experiment " + experiment;
    }
}
