package org.nonid.api.plugin;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.language.Language;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MetricInfo;
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

    /**
     * The columns that views show for runs with these measures: each installed measure's
     * {@link MetricInfo#columns()}, in the order of the names, each summary key once. A measure
     * that is not installed (any more) adds none.
     */
    default List<MetricInfo.Column> measureColumns(Collection<String> measureNames) {
        Map<String, MetricInfo.Column> columns = new LinkedHashMap<>();
        for (MetricInfo metric : measureMetrics(measureNames)) {
            metric.columns().forEach(c -> columns.putIfAbsent(c.summaryKey(), c));
        }
        return List.copyOf(columns.values());
    }

    /**
     * The metrics of these measures as they describe them, in the order of the names, each key once.
     * A measure that is not installed (any more) adds none.
     */
    default List<MetricInfo> measureMetrics(Collection<String> measureNames) {
        Map<String, MetricInfo> metrics = new LinkedHashMap<>();
        Set<String> installed = new HashSet<>();
        list(PluginKind.MEASURE).forEach(p -> installed.add(p.name()));
        for (String name : measureNames) {
            if (installed.contains(name)) {
                measure(name).metrics().forEach(m -> metrics.putIfAbsent(m.key(), m));
            }
        }
        return List.copyOf(metrics.values());
    }

    /** The metrics of these measures that play a role, in order. */
    default List<MetricInfo> measureMetrics(Collection<String> measureNames, MetricInfo.Role role) {
        return measureMetrics(measureNames).stream().filter(m -> m.plays(role)).toList();
    }
}
