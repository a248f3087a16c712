package org.nonid.api.report;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Writes an experiment's report: CSV and JSON tables, figures (PNG and SVG) and an HTML page. */
@ProviderType
public interface ReportService {

    /**
     * Writes the report of a recorded experiment into a folder (created if needed), from the
     * latest finished run of each trial.
     *
     * @param experiment the experiment's name
     * @param directory  where to write; null means {@code <data>/experiments/<name>}
     * @return the files written
     * @throws IllegalArgumentException if there is no such experiment or none of its runs finished
     */
    default List<Path> write(String experiment, Path directory) {
        return report(experiment, directory).files();
    }

    /**
     * Writes the report as {@link #write} does, and says which runs it had to leave out of which part
     * (a run it cannot load never stops the report).
     *
     * @throws IllegalArgumentException if there is no such experiment or none of its runs finished
     */
    Report report(String experiment, Path directory);

    /** The formats {@link #export} writes: {@code mlflow}, {@code tensorboard}, {@code csv}, {@code json}, {@code safetensors}. */
    List<String> exportFormats();

    /**
     * Writes recorded runs in another tool's format into a folder (created if needed): {@code mlflow}
     * (the file store {@code mlflow ui --backend-store-uri DIR} reads: parameters, metrics with their
     * steps, tags, the note, the best checkpoint as safetensors), {@code tensorboard} (an event file of
     * scalars per run), {@code csv} and {@code json} (runs, histories, summaries), {@code safetensors}
     * (each run's best checkpoint).
     *
     * @return the files written
     * @throws IllegalArgumentException for an unknown format (the message lists them) or a run that
     *                                  does not exist
     */
    List<Path> export(String format, Path directory, List<Long> runs);
}
