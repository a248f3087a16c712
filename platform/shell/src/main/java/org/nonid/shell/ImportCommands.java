package org.nonid.shell;

import org.nonid.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.ImportedExperiment;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code nonid:import}: the papers' sweep and config files as NonID experiment files. */
@Component(service = ImportCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=import"})
public final class ImportCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentService experiments;

    @Descriptor("translate a W&B sweep or Lightning config file of the papers' code into a NonID experiment file,"
            + " printing where each key went; run the result with nonid:run")
    public void _import(
            @Descriptor("write the experiment here (default: print it)") @Parameter(names = {"-o", "--out"},
                    absentValue = "") String out,
            @Descriptor("overwrite the file given with -o") @Parameter(names = {"-f", "--force"}, presentValue = "true",
                    absentValue = "false") boolean force,
            @Descriptor("seeds that stand for a seed drawn at random per run") @Parameter(names = {"-s", "--seeds"},
                    absentValue = "3") int seeds,
            @Descriptor("the sweep or config file, e.g. sweeps/anbn.yaml of the papers' repository") String file,
            @Descriptor("the papers' keys set on top, e.g. data.grammar=aNbN") String... overrides) throws IOException {
        Path path = Paths.get(file);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("no file " + path.toAbsolutePath());
        }
        Path target = out.isEmpty() ? null : Paths.get(out);
        if (target != null && Files.exists(target) && !force) {
            throw new ConfigException(target + " exists; give another file, or --force to overwrite it");
        }
        ImportedExperiment imported = Services.experiments(experiments).importFile(path, Arrays.asList(overrides), seeds);
        for (String line : imported.mapping()) {
            System.out.println("  " + line);
        }
        if (target == null) {
            System.out.print(imported.text());
        } else {
            if (target.toAbsolutePath().getParent() != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            Files.writeString(target, imported.text());
            System.out.println("wrote " + target + "; run it with nonid:run " + target);
        }
    }
}
