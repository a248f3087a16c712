package org.nonid.api.run;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where runs are recorded as they go: config, metric history, summary, status and artifacts.
 * Writes are durable when the method returns, so a killed process loses at most what it had not
 * yet written; at start-up, runs left running by a dead process are marked interrupted.
 */
@ProviderType
public interface RunStore {

    /** The folder that holds the store and run artifacts. */
    Path dataDirectory();

    /** Records a new run with status running and returns its id. */
    long createRun(NewRun run);

    /** Sets a run's status and reason (empty when none). Terminal statuses also set the end time. */
    void setStatus(long runId, RunStatus status, String reason);

    /** Appends metric values at a step. */
    void appendMetrics(long runId, long step, Map<String, Double> values);

    /** Replaces the run's summary. */
    void putSummary(long runId, Map<String, Double> summary);

    /** Stores (or replaces) a named artifact, e.g. a checkpoint. */
    void putArtifact(long runId, String name, byte[] data);

    /** A named artifact of a run. */
    Optional<byte[]> artifact(long runId, String name);

    /** One run. */
    Optional<RunRecord> run(long runId);

    /** Every run, oldest first. */
    List<RunRecord> runs();

    /** A run's metric history, by step then key. */
    List<MetricPoint> history(long runId);

    /** A run's summary. */
    Map<String, Double> summary(long runId);

    /** Records an experiment, or leaves the record as it is if one with this name exists. */
    void putExperiment(ExperimentRecord experiment);

    /** An experiment by name. */
    Optional<ExperimentRecord> experiment(String name);

    /** Every experiment, oldest first. */
    List<ExperimentRecord> experiments();

    /**
     * Records a new run of an experiment's trial unless another process has it: in one transaction
     * with every other claim, the run is recorded only if no run of the trial is running in a live
     * process (and, with {@code unlessFinished}, none has finished).
     *
     * @return the new run's id, or empty when the trial is taken
     */
    java.util.OptionalLong claimTrial(NewRun run, boolean unlessFinished);

    /**
     * Adds tags to a run, each once. A tag is a word of letters, digits and {@code - _ . :}.
     *
     * @throws IllegalArgumentException for a tag that is not such a word, or a run that does not exist
     */
    void tag(long runId, Collection<String> tags);

    /** Removes tags from a run (those it does not have are ignored). */
    void untag(long runId, Collection<String> tags);

    /** A run's tags, in alphabetical order. */
    SortedSet<String> tags(long runId);

    /**
     * Sets a run's note (free text; empty removes it).
     *
     * @throws IllegalArgumentException for a run that does not exist
     */
    void setNote(long runId, String note);

    /** A run's note, empty when it has none. */
    String note(long runId);

    /**
     * Deletes a run with everything recorded of it: history, summary, artifacts (checkpoints,
     * completions), tags and note.
     *
     * @throws IllegalStateException while the run is running (cancel it first)
     * @throws IllegalArgumentException for a run that does not exist
     */
    void deleteRun(long runId);

    /**
     * Deletes an experiment: each of its runs as {@link #deleteRun} does, and its record, in one
     * transaction.
     *
     * @return how many runs were deleted
     * @throws IllegalStateException while any of its runs is running; nothing is deleted then
     * @throws IllegalArgumentException for an experiment that is not recorded
     */
    int deleteExperiment(String name);

    /** Records a job submitted to a batch system. */
    void putJob(ClusterJob job);

    /** The jobs submitted for an experiment, oldest first. */
    List<ClusterJob> jobs(String experiment);
}
