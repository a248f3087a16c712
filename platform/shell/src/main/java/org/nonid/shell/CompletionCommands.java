package org.nonid.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What the console offers on TAB after a NonID command: languages, model families, run ids,
 * experiment names, experiment files and setting keys, by the argument's position; conditions,
 * backends and reparametrisations after the options that take them. The console's
 * profile asks for them with the command line's words and the index of the word being completed.
 */
@Component(service = CompletionCommands.class, property = {
    "osgi.command.scope=nonidcompletion",
    "osgi.command.function=candidates"})
public final class CompletionCommands {
    /** Options that take a value: the word after one is not an argument. */
    private static final Set<String> VALUED = Set.of("-t", "--trial", "-j", "--jobs", "-o", "--out", "-s", "--seed",
            "--seeds", "-n", "--steps", "-m", "-r", "--reparametrisation", "-c", "--condition", "-k", "--backend");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentService experiments;

    @Descriptor("the completions of a NonID command's argument")
    public List<String> candidates(@Descriptor("the command line's words") List<Object> words,
                                   @Descriptor("the index of the word being completed") int index) {
        try {
            return candidatesOrFail(words, index);
        } catch (RuntimeException e) {
            // a missing service or a bad word offers nothing; completion never fails the console
            return List.of();
        }
    }

    private List<String> candidatesOrFail(List<Object> words, int index) {
        if (words.isEmpty() || index < 1) {
            return List.of();
        }
        String command = String.valueOf(words.get(0));
        command = command.substring(command.indexOf(':') + 1);
        List<String> arguments = new ArrayList<>();
        for (int i = 1; i < index && i < words.size(); i++) {
            String w = String.valueOf(words.get(i));
            if (VALUED.contains(w)) {
                i++;
            } else if (!w.startsWith("-")) {
                arguments.add(w);
            }
        }
        if (index >= 2 && VALUED.contains(String.valueOf(words.get(index - 1)))) {
            return switch (String.valueOf(words.get(index - 1))) {
                case "-c", "--condition" -> names(PluginKind.CONDITION);
                case "-k", "--backend" -> names(PluginKind.BACKEND);
                case "-r", "--reparametrisation" -> names(PluginKind.REPARAMETRISATION);
                default -> List.of();
            };
        }
        int position = arguments.size();
        return switch (command) {
            case "train" -> position == 0 ? names(PluginKind.LANGUAGE) : position == 1 ? families()
                    : settingKeys(arguments.get(0), arguments.get(1));
            case "language" -> position == 0 ? names(PluginKind.LANGUAGE) : settingKeys(arguments.get(0), null);
            case "model" -> position == 0 ? families() : List.of();
            case "finetune" -> position == 0 ? runIds() : position == 1 ? names(PluginKind.LANGUAGE) : List.of();
            case "show", "cancel", "compare", "delete" -> runIds();
            case "complete", "tag", "untag", "note" -> position == 0 ? runIds() : List.of();
            case "resume", "report" -> position == 0 ? experimentNames() : List.of();
            case "export" -> position == 0 ? List.of("mlflow", "tensorboard", "csv", "json", "safetensors")
                    : position == 1 ? List.of() : experimentNames();
            case "run", "import" -> position == 0 ? yamlFiles() : List.of();
            default -> List.of();
        };
    }

    private List<String> names(PluginKind kind) {
        List<String> out = new ArrayList<>();
        for (PluginInfo p : Services.catalog(catalog).list(kind)) {
            out.add(p.name());
        }
        return out;
    }

    private List<String> families() {
        return names(PluginKind.MODEL);
    }

    private List<String> runIds() {
        List<String> out = new ArrayList<>();
        for (RunRecord r : Services.store(store).runs()) {
            out.add(String.valueOf(r.id()));
        }
        return out;
    }

    private List<String> experimentNames() {
        List<String> out = new ArrayList<>();
        for (ExperimentRecord e : Services.store(store).experiments()) {
            out.add(e.name());
        }
        return out;
    }

    /** key= for the language's parameters, the family's settings, and training. and evaluation. keys. */
    private List<String> settingKeys(String language, String family) {
        List<String> out = new ArrayList<>();
        PluginCatalog c = Services.catalog(catalog);
        keys(c.language(language).parameters(), "", out);
        if (family != null) {
            keys(c.modelFamily(family).hyperparameters(), "", out);
            keys(Services.experiments(experiments).trainingSchema(), "training.", out);
            keys(Services.experiments(experiments).evaluationSchema(), "evaluation.", out);
        }
        return out;
    }

    private static void keys(ConfigSchema schema, String prefix, List<String> out) {
        schema.keys().forEach(k -> out.add(prefix + k.name() + "="));
    }

    private static List<String> yamlFiles() {
        List<String> out = new ArrayList<>();
        for (String folder : List.of(".", "examples")) {
            Path dir = Paths.get(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
                for (Path p : s) {
                    out.add(folder.equals(".") ? p.getFileName().toString() : folder + "/" + p.getFileName());
                }
            } catch (IOException e) {
                // an unreadable folder offers nothing
            }
        }
        out.sort(null);
        return out;
    }
}
