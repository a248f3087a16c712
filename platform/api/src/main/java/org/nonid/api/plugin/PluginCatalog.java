package org.nonid.api.plugin;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.language.Language;
import org.nonid.api.measure.Measure;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.reparam.Reparametrisation;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugins installed right now. Lookups of a name that no plugin has throw
 * {@link org.nonid.api.run.UnknownPluginException}, whose message lists the names that exist.
 */
@ProviderType
public interface PluginCatalog {

    /** Every plugin, by kind then name. */
    List<PluginInfo> list();

    /** The plugins of one kind, by name. */
    List<PluginInfo> list(PluginKind kind);

    Language language(String name);

    ModelFamily modelFamily(String name);

    Measure measure(String name);

    ComputeBackend backend(String name);

    TrainingCondition condition(String name);

    Reparametrisation reparametrisation(String name);

    /** The bundle and version that provide a plugin. */
    PluginInfo info(PluginKind kind, String name);

    /**
     * What is installed but does not work as a plugin: unresolved bundles, components that failed
     * to start, files in the plugins folder that are not bundles, and names offered twice (the
     * plugin of the bundle installed first serves; the others are listed here and nowhere else).
     */
    List<PluginProblem> problems();
}
