package org.nonid.api.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Selections over recorded runs. */
public final class RunRecords {
    private RunRecords() {
    }

    /** The latest finished run of each trial of an experiment, by trial index. */
    public static Map<Integer, RunRecord> latestFinishedByTrial(List<RunRecord> runs, String experiment) {
        Map<Integer, RunRecord> out = new TreeMap<>();
        for (RunRecord r : runs) {
            if (r.experiment().equals(experiment) && r.status() == RunStatus.FINISHED) {
                RunRecord before = out.get(r.trial());
                if (before == null || r.id() > before.id()) {
                    out.put(r.trial(), r);
                }
            }
        }
        return out;
    }
}
