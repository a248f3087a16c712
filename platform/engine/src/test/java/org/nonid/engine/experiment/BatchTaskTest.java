package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchTaskTest {

    @Test
    void aSlurmTaskIsRecordedWithItsRestartCountAndOtherProcessesAreNot() {
        assertEquals(Map.of("system", "slurm", "job", "17", "arrayJob", "15", "arrayTask", "2", "node", "vm", "restart", 1),
                BatchTask.of(Map.of("SLURM_JOB_ID", "17", "SLURM_ARRAY_JOB_ID", "15", "SLURM_ARRAY_TASK_ID", "2",
                        "SLURMD_NODENAME", "vm", "SLURM_RESTART_COUNT", "1")).orElseThrow());
        assertEquals(0, BatchTask.of(Map.of("SLURM_JOB_ID", "3")).orElseThrow().get("restart"));
        assertTrue(BatchTask.of(Map.of("HOME", "/root")).isEmpty());
    }
}
