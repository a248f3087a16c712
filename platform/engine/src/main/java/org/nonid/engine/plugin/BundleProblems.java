package org.nonid.engine.plugin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.nonid.api.plugin.PluginProblem;
import org.nonid.api.plugin.PluginProblem.Kind;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What the framework knows about installed things that do not work: bundles that do not resolve,
 * components that threw when they were created or activated, and files in the plugins folder that
 * the framework passes over.
 */
public final class BundleProblems {
    private static final String PLUGINS_FOLDER = "felix.fileinstall.dir";
    private static final String NAME = "nonid.name";

    private final BundleContext context;
    private final ServiceComponentRuntime components;

    public BundleProblems(BundleContext context, ServiceComponentRuntime components) {
        this.context = context;
        this.components = components;
    }

    /** Every problem, unresolved bundles first. */
    public List<PluginProblem> problems() {
        List<PluginProblem> out = new ArrayList<>(unresolved());
        out.addAll(failed());
        out.addAll(notBundles());
        return out;
    }

    /** Why the component that offers a plugin of this name did not start, if one threw. */
    public Optional<String> failure(String pluginName) {
        for (ComponentDescriptionDTO d : components.getComponentDescriptionDTOs()) {
            if (pluginName.equals(String.valueOf(d.properties.get(NAME)))) {
                for (ComponentConfigurationDTO c : components.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        return Optional.of(firstLine(c.failure));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private List<PluginProblem> unresolved() {
        List<Bundle> installed = Arrays.stream(context.getBundles()).filter(b -> b.getState() == Bundle.INSTALLED).toList();
        if (installed.isEmpty()) {
            return List.of();
        }
        context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(installed);
        MissingRequirements missing = new MissingRequirements(context.getBundles());
        List<PluginProblem> out = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getState() == Bundle.INSTALLED) {
                out.add(new PluginProblem(Kind.UNRESOLVED, b.getSymbolicName() + " " + b.getVersion(),
                        String.join("; ", missing.of(b))));
            }
        }
        return out;
    }

    private List<PluginProblem> failed() {
        List<PluginProblem> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : components.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : components.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    Object name = d.properties.get(NAME);
                    String what = d.bundle.symbolicName + " " + d.bundle.version + ", component " + d.name
                            + (name == null ? "" : " (" + name + ")");
                    out.add(new PluginProblem(Kind.FAILED, what, "did not start: " + firstLine(c.failure)));
                }
            }
        }
        return out;
    }

    private List<PluginProblem> notBundles() {
        String folder = context.getProperty(PLUGINS_FOLDER);
        if (folder == null || !Files.isDirectory(Paths.get(folder))) {
            return List.of();
        }
        List<PluginProblem> out = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Paths.get(folder), "*.jar")) {
            for (Path jar : jars) {
                notABundle(jar).ifPresent(why -> out.add(new PluginProblem(Kind.NOT_A_BUNDLE,
                        "plugins/" + jar.getFileName(), why)));
            }
        } catch (IOException e) {
            out.add(new PluginProblem(Kind.NOT_A_BUNDLE, folder, "the plugins folder cannot be read: " + e.getMessage()));
        }
        out.sort((a, b) -> a.subject().compareTo(b.subject()));
        return out;
    }

    private static Optional<String> notABundle(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("is a jar without an OSGi manifest (no Bundle-SymbolicName): ignored;"
                        + " build plugins with bnd or the plugin archetype");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("is not a jar (" + e.getMessage() + "): ignored");
        }
    }

    /** The root cause of a stack trace, as its line says it: the exception and its message. */
    static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String line = failure.lines().findFirst().orElse("").trim();
        for (String l : failure.lines().toList()) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length()).trim();
            }
        }
        return line.isEmpty() ? "no reason given" : line;
    }
}
