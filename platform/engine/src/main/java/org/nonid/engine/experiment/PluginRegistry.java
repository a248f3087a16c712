package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.language.Language;
import org.nonid.api.measure.Measure;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.api.run.UnknownPluginException;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The whiteboard of plugins: every Language, ModelFamily, Measure, TrainingCondition, Reparametrisation and
 * ComputeBackend service,
 * keyed by its {@code nonid.name} property. Plugins that come and go at runtime appear and vanish
 * here at once.
 */
@Component(service = PluginCatalog.class)
public final class PluginRegistry implements PluginCatalog {
    private static final String NAME = "nonid.name";

    private record Entry(PluginInfo info, Object service) {
    }

    private final Map<PluginKind, List<Entry>> entries = new ConcurrentHashMap<>();

    public PluginRegistry() {
        for (PluginKind kind : PluginKind.values()) {
            entries.put(kind, new CopyOnWriteArrayList<>());
        }
    }

    /** Adds a plugin outside a framework (tests, embedding). */
    public void register(PluginKind kind, String name, String description, Object service, String bundle, String version) {
        entries.get(kind).add(new Entry(new PluginInfo(kind, name, description, bundle, version), service));
    }

    /** Removes a plugin added with {@link #register}. */
    public void unregister(PluginKind kind, Object service) {
        entries.get(kind).removeIf(e -> e.service() == service);
    }

    private void add(PluginKind kind, Object service, String fallbackName, String description, ServiceReference<?> ref) {
        Object prop = ref.getProperty(NAME);
        String name = prop != null ? prop.toString() : fallbackName;
        Bundle bundle = ref.getBundle();
        String bsn = bundle == null ? "?" : bundle.getSymbolicName();
        String version = bundle == null ? "?" : bundle.getVersion().toString();
        register(kind, name, description, service, bsn, version);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLanguage(Language service, ServiceReference<Language> ref) {
        add(PluginKind.LANGUAGE, service, service.name(), service.description(), ref);
    }

    void removeLanguage(Language service) {
        unregister(PluginKind.LANGUAGE, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addModelFamily(ModelFamily service, ServiceReference<ModelFamily> ref) {
        add(PluginKind.MODEL, service, service.name(), service.description(), ref);
    }

    void removeModelFamily(ModelFamily service) {
        unregister(PluginKind.MODEL, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMeasure(Measure service, ServiceReference<Measure> ref) {
        add(PluginKind.MEASURE, service, service.name(), service.description(), ref);
    }

    void removeMeasure(Measure service) {
        unregister(PluginKind.MEASURE, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCondition(TrainingCondition service, ServiceReference<TrainingCondition> ref) {
        add(PluginKind.CONDITION, service, service.name(), service.description(), ref);
    }

    void removeCondition(TrainingCondition service) {
        unregister(PluginKind.CONDITION, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addReparametrisation(Reparametrisation service, ServiceReference<Reparametrisation> ref) {
        add(PluginKind.REPARAMETRISATION, service, service.name(), service.description(), ref);
    }

    void removeReparametrisation(Reparametrisation service) {
        unregister(PluginKind.REPARAMETRISATION, service);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBackend(ComputeBackend service, ServiceReference<ComputeBackend> ref) {
        add(PluginKind.BACKEND, service, service.name(), "compute backend", ref);
    }

    void removeBackend(ComputeBackend service) {
        unregister(PluginKind.BACKEND, service);
    }

    @Override
    public List<PluginInfo> list() {
        List<PluginInfo> all = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            all.addAll(list(kind));
        }
        return all;
    }

    @Override
    public List<PluginInfo> list(PluginKind kind) {
        List<PluginInfo> infos = new ArrayList<>();
        for (Entry e : entries.get(kind)) {
            infos.add(e.info());
        }
        infos.sort(Comparator.comparing(PluginInfo::name, String.CASE_INSENSITIVE_ORDER));
        return infos;
    }

    private Entry find(PluginKind kind, String name) {
        for (Entry e : entries.get(kind)) {
            if (e.info().name().equals(name)) {
                return e;
            }
        }
        List<String> known = list(kind).stream().map(PluginInfo::name).distinct().toList();
        throw new UnknownPluginException(kind.label(), name, known);
    }

    @Override
    public Language language(String name) {
        return (Language) find(PluginKind.LANGUAGE, name).service();
    }

    @Override
    public ModelFamily modelFamily(String name) {
        return (ModelFamily) find(PluginKind.MODEL, name).service();
    }

    @Override
    public Measure measure(String name) {
        return (Measure) find(PluginKind.MEASURE, name).service();
    }

    @Override
    public ComputeBackend backend(String name) {
        return (ComputeBackend) find(PluginKind.BACKEND, name).service();
    }

    @Override
    public TrainingCondition condition(String name) {
        return (TrainingCondition) find(PluginKind.CONDITION, name).service();
    }

    @Override
    public Reparametrisation reparametrisation(String name) {
        return (Reparametrisation) find(PluginKind.REPARAMETRISATION, name).service();
    }

    @Override
    public PluginInfo info(PluginKind kind, String name) {
        return find(kind, name).info();
    }
}
