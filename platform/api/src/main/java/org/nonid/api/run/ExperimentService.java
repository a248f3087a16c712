package org.nonid.api.run;

import java.util.List;
import java.util.Optional;
import org.nonid.api.config.ConfigSchema;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs experiments: expands experiment files into runs, validates them against the installed
 * plugins, and trains them in the background while the run store records everything.
 */
@ProviderType
public interface ExperimentService {

    /**
     * Parses an experiment file with {@code key=value} dotted overrides (e.g.
     * {@code training.lr=1e-3}) into its runs.
     *
     * @param text      the file's YAML text
     * @param source    where it came from, for messages
     * @param overrides dotted overrides applied on top of the file
     * @throws org.nonid.api.config.ConfigException with every problem found
     */
    ExperimentPlan plan(String text, String source, List<String> overrides);

    /**
     * Plans an experiment and records it in the store, so that it can be resumed and reported.
     *
     * @throws org.nonid.api.config.ConfigException if an experiment of this name exists with another
     *                                              spec, or the spec is bad
     */
    ExperimentPlan register(String text, String source, List<String> overrides);

    /**
     * The plan of a recorded experiment, planned again from its stored spec.
     *
     * @throws IllegalArgumentException if there is no such experiment (the message lists those there are)
     */
    ExperimentPlan replan(String experiment);

    /**
     * Translates a W&amp;B sweep or Lightning config file of the papers' code into a NonID experiment,
     * key by key, and checks that the result plans.
     *
     * @param file      the sweep or config file (a sweep's {@code --config} file is looked for from
     *                  the repository root, the sweep folder's parent)
     * @param overrides the papers' keys set on top, e.g. {@code data.grammar=aNbN}
     * @param seeds     how many seeds stand for a seed drawn at random per run
     * @throws org.nonid.api.config.ConfigException naming, in one message, every key with no NonID meaning
     * @throws java.io.IOException                  if the file cannot be read
     */
    ImportedExperiment importFile(java.nio.file.Path file, List<String> overrides, int seeds) throws java.io.IOException;

    /**
     * Checks that every plugin the spec names is installed and every parameter is valid.
     *
     * @throws UnknownPluginException naming the plugins that exist
     * @throws org.nonid.api.config.ConfigException naming the keys at fault
     */
    void validate(RunSpec spec);

    /**
     * Validates the spec, records the run and starts it in the background.
     *
     * @throws UnknownPluginException or {@link org.nonid.api.config.ConfigException} before anything is allocated
     */
    RunHandle start(RunSpec spec, ProgressListener listener);

    /**
     * Starts a trial of an experiment as {@link #start} does, unless another process is running it
     * (or, with {@code unlessFinished}, it has finished): the claim is atomic in the store, so two
     * processes running or resuming one experiment never run a trial twice.
     *
     * @return the handle, or empty when the trial is taken
     */
    java.util.Optional<RunHandle> startTrial(RunSpec spec, boolean unlessFinished, ProgressListener listener);

    /**
     * Runs trials of a planned experiment, {@code jobs} at a time, each claimed as
     * {@link #startTrial} does, and returns when they have ended. A failed trial is recorded and the
     * others go on; while one trial runs at a time, a cancelled trial stops the rest. An interrupt
     * of the calling thread cancels the running trials, waits up to a minute for them to stop,
     * starts no more, and leaves the thread interrupted.
     *
     * @param trials   trial indices of the plan, in the order to start them
     * @param resuming leave out trials that have finished (as {@code unlessFinished})
     * @throws org.nonid.api.config.ConfigException for jobs below 1 or a trial the plan does not have
     */
    ExperimentResult runTrials(ExperimentPlan plan, List<Integer> trials, int jobs, boolean resuming,
                               TrialListener listener);

    /** The trials of a recorded experiment's plan that have no finished run, in order. */
    List<Integer> unfinishedTrials(ExperimentPlan plan);

    /**
     * Submits an experiment file's trials to a batch system: plans it with the overrides, checks its
     * {@code cluster:} section with the executor (and the batch system), then records the experiment,
     * submits one job for its trials (all, or those without a finished run) and records the job.
     * Nothing is recorded when a check fails.
     *
     * @param executor       the executor's name, e.g. {@code slurm}
     * @param onlyUnfinished submit only the trials that have no finished run (resuming)
     * @throws org.nonid.api.config.ConfigException for an unknown executor (the message lists those
     *                                              there are), one that is unavailable, a bad file or section
     */
    ClusterJob submit(String executor, String text, String source, List<String> overrides, boolean onlyUnfinished);

    /** Submits the trials of a recorded experiment that have no finished run, as {@link #submit} does. */
    ClusterJob submitUnfinished(String executor, String experiment);

    /** The cluster executors installed, by name. */
    java.util.Map<String, ClusterExecutor> executors();

    /** Runs that have not ended, oldest first. */
    List<RunHandle> active();

    /** An active run by id. */
    Optional<RunHandle> active(long runId);

    /**
     * Rebuilds a recorded run's model from its configuration and best-validation checkpoint.
     *
     * @throws IllegalArgumentException if there is no such run, it has no checkpoint yet, or a
     *                                  plugin it used is not installed
     */
    LoadedRun load(long runId);

    /**
     * The spec a recorded run was started with, from its stored configuration.
     *
     * @throws IllegalArgumentException if there is no such run
     */
    RunSpec spec(long runId);

    /** The training settings, their defaults and bounds. */
    ConfigSchema trainingSchema();

    /** The evaluation settings, their defaults and bounds. */
    ConfigSchema evaluationSchema();
}
