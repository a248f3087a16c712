package org.nonid.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunRecord;

/** A run's identity and its configuration's settings ({@link org.nonid.api.run.RunSpec#settings}) as flat strings. */
final class Settings {
    private Settings() {
    }

    /** Identity and settings; a run whose configuration cannot be read has its identity only. */
    static Map<String, String> flatten(RunRecord r, ExperimentService experiments) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("experiment", r.experiment());
        out.put("trial", Integer.toString(r.trial()));
        out.put("seed", Long.toString(r.seed()));
        out.put("status", r.status().label());
        try {
            out.putAll(experiments.spec(r.id()).settings());
        } catch (RuntimeException unreadable) {
            // listed and compared by what the store's columns say
        }
        return out;
    }
}
