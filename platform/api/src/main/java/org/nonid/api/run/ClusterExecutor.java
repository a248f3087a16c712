package org.nonid.api.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A batch system that runs an experiment's trials (Slurm job arrays; Kubernetes Indexed Jobs could
 * follow). It schedules; NonID describes the trials and records them: each task runs one trial of
 * the recorded experiment ({@code bin/nonid resume --trial N NAME}) against the same run store.
 * Register one as a service; {@link ExperimentService#submit} finds it by {@link #name()}.
 */
@ConsumerType
public interface ClusterExecutor {

    /** The name an experiment's submission names, e.g. {@code slurm}. */
    String name();

    /** Why it cannot submit from this machine (its commands missing), empty when it can. */
    Optional<String> unavailable();

    /**
     * Checks the experiment file's {@code cluster:} section and asks the batch system whether it would
     * take the job (Slurm: {@code sbatch --test-only}), before anything is recorded.
     *
     * @throws org.nonid.api.config.ConfigException naming every unknown key, bad value or refusal
     */
    void check(ExperimentPlan plan, Map<String, Object> cluster);

    /**
     * Submits trials of a recorded experiment as one job.
     *
     * @param environment the variables each task runs with (the run store, the data folder)
     * @throws org.nonid.api.config.ConfigException when the batch system refuses it
     */
    ClusterJob submit(ExperimentPlan plan, List<Integer> trials, Map<String, Object> cluster,
                      Map<String, String> environment);

    /** The batch system's state of each trial it still lists (e.g. PENDING, RUNNING); ended trials are absent. */
    Map<Integer, String> states(ClusterJob job);

    /** Cancels the job's tasks that have not ended. */
    void cancel(ClusterJob job);
}
