package org.nonid.engine.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.condition.TrainingCondition;
import org.nonid.api.language.Language;
import org.nonid.api.measure.Measure;
import org.nonid.api.model.ModelFamily;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.plugin.PluginInfo;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.plugin.PluginProblem;
import org.nonid.api.reparam.Reparametrisation;
import org.nonid.api.run.UnknownPluginException;
import org.nonid.engine.plugin.BundleProblems;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The whiteboard of plugins: every Language, ModelFamily, Measure, TrainingCondition, Reparametrisation and
 * ComputeBackend service,
 * keyed by its {@code nonid.name} property. Plugins that come and go at runtime appear and vanish
 * here at once.
 */
@Component(service = PluginCatalog.class)
public final class PluginRegistry implements PluginCatalog {
    private static final String NAME = "nonid.name";

    /** A service offering a plugin; of two with one name, the one first by {@link #FIRST_INSTALLED} serves. */
    private record Entry(PluginInfo info, Object service, long bundleId, long serviceId) {
    }

    private static final Comparator<Entry> FIRST_INSTALLED = Comparator.comparingLong(Entry::bundleId)
            .thenComparingLong(Entry::serviceId);

    private final Map<PluginKind, List<Entry>> entries = new ConcurrentHashMap<>();
    private final AtomicLong registered = new AtomicLong();
    private volatile BundleProblems framework;
    private final Map<Object, PluginProblem> mismatches = new ConcurrentHashMap<>();

    public PluginRegistry() {
        for (PluginKind kind : PluginKind.values()) {
            entries.put(kind, new CopyOnWriteArrayList<>());
        }
    }

    /** Adds a plugin outside a framework (tests, embedding); of two with one name, the first added serves. */
    public void register(PluginKind kind, String name, String description, Object service, String bundle, String version) {
        register(kind, name, description, service, bundle, version, Long.MAX_VALUE, registered.incrementAndGet());
    }

    private void register(PluginKind kind, String name, String description, Object service, String bundle,
            String version, long bundleId, long serviceId) {
        entries.get(kind).add(new Entry(new PluginInfo(kind, name, description, bundle, version), service, bundleId,
                serviceId));
    }

    @Activate
    void activate(BundleContext context) {
        framework = new BundleProblems(context, components);
    }

    @Reference
    private ServiceComponentRuntime components;

    /** Removes a plugin added with {@link #register}. */
    public void unregister(PluginKind kind, Object service) {
        entries.get(kind).removeIf(e -> e.service() == service);
        mismatches.remove(service);
    }

    /**
     * Registers a plugin under its {@code name()}: the name is written once. The {@code nonid.name}
     * property is optional; one that says otherwise is a problem, and the name serves.
     */
    private void add(PluginKind kind, Object service, String name, String description, ServiceReference<?> ref) {
        Object prop = ref.getProperty(NAME);
        if (prop != null && !prop.toString().equals(name)) {
            mismatches.put(service, new PluginProblem(PluginProblem.Kind.NAME_MISMATCH, kind.label() + " " + name,
                    "its component says nonid.name=" + prop + " but its name() is '" + name + "'; '" + name
                            + "' is used: write the name once, in name() (the property is optional)"));
        }
        Bundle bundle = ref.getBundle();
        String bsn = bundle == null ? "?" : bundle.getSymbolicName();
        String version = bundle == null ? "?" : bundle.getVersion().toString();
        long bundleId = bundle == null ? Long.MAX_VALUE : bundle.getBundleId();
        Object serviceId = ref.getProperty(Constants.SERVICE_ID);
        register(kind, name, description, service, bsn, version, bundleId,
                serviceId instanceof Long id ? id : registered.incrementAndGet());
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

    /** The plugins that serve their names (not those a duplicate name leaves unused), by name. */
    @Override
    public List<PluginInfo> list(PluginKind kind) {
        List<PluginInfo> infos = new ArrayList<>();
        for (List<Entry> offers : byName(kind).values()) {
            infos.add(offers.get(0).info());
        }
        infos.sort(Comparator.comparing(PluginInfo::name, String.CASE_INSENSITIVE_ORDER));
        return infos;
    }

    /** The services offering each name, the one that serves first. */
    private Map<String, List<Entry>> byName(PluginKind kind) {
        Map<String, List<Entry>> names = new TreeMap<>();
        for (Entry e : entries.get(kind)) {
            names.computeIfAbsent(e.info().name(), n -> new ArrayList<>()).add(e);
        }
        names.values().forEach(offers -> offers.sort(FIRST_INSTALLED));
        return names;
    }

    private Entry find(PluginKind kind, String name) {
        Entry serving = null;
        for (Entry e : entries.get(kind)) {
            if (e.info().name().equals(name) && (serving == null || FIRST_INSTALLED.compare(e, serving) < 0)) {
                serving = e;
            }
        }
        if (serving != null) {
            return serving;
        }
        List<String> known = list(kind).stream().map(PluginInfo::name).toList();
        BundleProblems problems = framework;
        String failure = problems == null ? null : problems.failure(name).orElse(null);
        throw new UnknownPluginException(kind.label(), name, known, failure);
    }

    @Override
    public List<PluginProblem> problems() {
        BundleProblems problems = framework;
        List<PluginProblem> out = new ArrayList<>(problems == null ? List.of() : problems.problems());
        out.addAll(mismatches.values());
        for (PluginKind kind : PluginKind.values()) {
            for (List<Entry> offers : byName(kind).values()) {
                for (Entry unused : offers.subList(1, offers.size())) {
                    out.add(duplicate(kind, offers.get(0), unused));
                }
            }
        }
        return out;
    }

    private static PluginProblem duplicate(PluginKind kind, Entry serving, Entry unused) {
        String reason = serving.bundleId() == unused.bundleId() ? "registered first" : "installed first";
        return new PluginProblem(PluginProblem.Kind.DUPLICATE, kind.label() + " " + serving.info().name(),
                "offered by " + describe(serving) + " and by " + describe(unused) + "; " + serving.info().bundle()
                        + " serves (" + reason + "), the other is not used: rename one of them");
    }

    private static String describe(Entry e) {
        return e.info().bundle() + " " + e.info().bundleVersion()
                + (e.bundleId() == Long.MAX_VALUE ? "" : " (bundle " + e.bundleId() + ")");
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
