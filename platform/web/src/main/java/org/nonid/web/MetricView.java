package org.nonid.web;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunMetrics;

/** How a page names and writes a metric: from the metric's own description. */
record MetricView(String key, String label, String format, String direction, String description) {

    static MetricView of(MetricInfo m) {
        return new MetricView(m.key(), m.label(), m.format().name(), m.direction().name(), m.description());
    }

    /** The engine's own metrics and those of these measures, by key. */
    static Map<String, MetricView> of(PluginCatalog catalog, Collection<String> measures) {
        Map<String, MetricView> out = new LinkedHashMap<>();
        for (MetricInfo m : RunMetrics.all()) {
            out.put(m.key(), of(m));
        }
        List<MetricInfo> described = catalog == null ? List.of() : catalog.measureMetrics(measures);
        for (MetricInfo m : described) {
            out.putIfAbsent(m.key(), of(m));
        }
        return out;
    }
}
