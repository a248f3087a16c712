package org.nonid.api.run;

import java.time.Instant;
import java.util.List;

/**
 * Trials of an experiment submitted to a batch system as one job.
 *
 * @param experiment  the experiment's name
 * @param executor    the executor's name, e.g. {@code slurm}
 * @param jobId       the batch system's id of the job (a Slurm job array's id)
 * @param trials      the trials it runs
 * @param submittedAt when it was submitted
 */
public record ClusterJob(String experiment, String executor, String jobId, List<Integer> trials, Instant submittedAt) {
    public ClusterJob {
        trials = List.copyOf(trials);
    }
}
