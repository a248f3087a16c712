package org.nonid.shell;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.nonid.api.config.ConfigException;
import org.nonid.api.report.ReportService;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code nonid:export}: recorded runs in MLflow's, TensorBoard's or a plain format. */
@Component(service = ExportCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=export"})
public final class ExportCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReportService reports;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunStore store;

    @Descriptor("export runs: mlflow (mlflow ui --backend-store-uri DIR), tensorboard (tensorboard --logdir DIR),"
            + " csv, json, or safetensors (best checkpoints)")
    public void export(
            @Descriptor("format: mlflow, tensorboard, csv, json, safetensors") String format,
            @Descriptor("folder to write into (created if needed)") String directory,
            @Descriptor("run ids or experiment names (an experiment: all its runs)") String... items) {
        List<Long> runs = runs(Services.store(store), items);
        Path dir = Paths.get(directory).toAbsolutePath().normalize();
        List<Path> files = Services.reports(reports).export(format, dir, runs);
        System.out.println(runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " exported as " + format + " into " + dir
                + " (" + files.size() + " files)");
    }

    /** The runs that items name, in order, each once: a number is a run id, anything else an experiment. */
    static List<Long> runs(RunStore store, String... items) {
        if (items == null || items.length == 0) {
            throw new ConfigException("give run ids or experiment names to export");
        }
        Set<Long> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String item : items) {
            if (item.matches("\\d+")) {
                long id = Long.parseLong(item);
                if (store.run(id).isEmpty()) {
                    problems.add("no run " + id);
                }
                out.add(id);
            } else {
                List<Long> ids = store.runs().stream().filter(r -> r.experiment().equals(item)).map(RunRecord::id).toList();
                if (ids.isEmpty()) {
                    problems.add("no run of an experiment '" + item + "'");
                }
                out.addAll(ids);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(out);
    }
}
