package org.nonid.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The batch-system task a run runs in, as its environment records it: Slurm's job, array task,
 * node and restart count (a requeued task's run says it is a restart, and of which job).
 */
final class BatchTask {
    private BatchTask() {
    }

    static Optional<Map<String, Object>> of(Map<String, String> environment) {
        String job = environment.get("SLURM_JOB_ID");
        if (job == null || job.isBlank()) {
            return Optional.empty();
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("system", "slurm");
        task.put("job", job);
        put(task, "arrayJob", environment.get("SLURM_ARRAY_JOB_ID"));
        put(task, "arrayTask", environment.get("SLURM_ARRAY_TASK_ID"));
        put(task, "node", environment.get("SLURMD_NODENAME"));
        String restarts = environment.getOrDefault("SLURM_RESTART_COUNT", "0");
        task.put("restart", restarts.matches("\\d+") ? Integer.parseInt(restarts) : 0);
        return Optional.of(task);
    }

    private static void put(Map<String, Object> task, String key, String value) {
        if (value != null && !value.isBlank()) {
            task.put(key, value);
        }
    }
}
