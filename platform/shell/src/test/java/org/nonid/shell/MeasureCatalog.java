package org.nonid.shell;

import java.util.List;
import java.util.Map;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.language.Language;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.plugin.PluginProblem;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.api.run.UnknownPluginException;

/** A catalog of measures only, each given by its name and metrics: what the views read columns from. */
final class MeasureCatalog implements PluginCatalog {
    private final Map<String, List<MetricInfo>> measures;

    MeasureCatalog(Map<String, List<MetricInfo>> measures) {
        this.measures = measures;
    }

    @Override
    public List<PluginInfo> list() {
        return list(PluginKind.MEASURE);
    }

    @Override
    public List<PluginInfo> list(PluginKind kind) {
        return kind != PluginKind.MEASURE ? List.of()
                : measures.keySet().stream().map(n -> new PluginInfo(kind, n, "", "test", "1")).toList();
    }

    @Override
    public Measure measure(String name) {
        List<MetricInfo> metrics = measures.get(name);
        if (metrics == null) {
            throw new UnknownPluginException("measure", name, List.copyOf(measures.keySet()));
        }
        return new Measure() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public List<MetricInfo> metrics() {
                return metrics;
            }

            @Override
            public Map<String, Double> evaluate(MeasureContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public Language language(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelFamily modelFamily(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ComputeBackend backend(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TrainingCondition condition(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Reparametrisation reparametrisation(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PluginInfo info(PluginKind kind, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<PluginProblem> problems() {
        return List.of();
    }
}
