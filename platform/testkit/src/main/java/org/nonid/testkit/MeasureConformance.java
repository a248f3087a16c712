package org.nonid.testkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;

/**
 * What every measure plugin must satisfy: it declares its metrics ({@code split/metric} keys, each
 * described once), and on a real measure context (by default the kit's tiny trained bigram model of
 * the given language, see {@link KitMeasureContext#trainedBigram}) it returns only declared keys,
 * with finite values, the same ones when asked twice, and the same again when configured with its
 * default parameters.
 *
 * <pre>{@code
 * new MeasureConformance(new MyMeasure(), myLanguage).checks().forEach(c -> c.body().run());
 * }</pre>
 */
public final class MeasureConformance {
    private final Measure measure;
    private final MeasureContext context;

    /** Over the kit's bigram model of the language (seed 1). */
    public MeasureConformance(Measure measure, FormalLanguage language) {
        this(measure, KitMeasureContext.trainedBigram(language, 1));
    }

    /** Over a context of the author's (e.g. {@link KitMeasureContext#of} over their own model). */
    public MeasureConformance(Measure measure, MeasureContext context) {
        this.measure = measure;
        this.context = context;
    }

    /** All checks. */
    public List<NamedCheck> checks() {
        String name = measure.name();
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck(name + " declares its metrics", this::declared));
        checks.add(new NamedCheck(name + " returns only declared metrics, finite", this::values));
        checks.add(new NamedCheck(name + " gives the same values twice", this::repeatable));
        checks.add(new NamedCheck(name + " with its default parameters is itself", this::defaults));
        return checks;
    }

    private void declared() {
        check(measure.name() != null && !measure.name().isBlank() && !measure.name().contains(" "),
                "the measure's name '" + measure.name() + "' is blank or has spaces");
        check(measure.metrics() != null && !measure.metrics().isEmpty(), name() + " declares no metrics");
        Set<String> keys = new HashSet<>();
        for (MetricInfo m : measure.metrics()) {
            check(m.key().matches("[a-z][a-z0-9_]*(/[a-z0-9_]+)+"), name() + ": metric key '" + m.key()
                    + "' is not of the form split/metric (lower case, digits, underscores)");
            check(keys.add(m.key()), name() + " declares " + m.key() + " twice");
            check(m.description() != null && !m.description().isBlank(), name() + ": " + m.key() + " has no description");
            check(m.direction() != null, name() + ": " + m.key() + " has no direction");
        }
    }

    private void values() {
        Map<String, Double> values = measure.evaluate(context);
        check(values != null && !values.isEmpty(), name() + " returned no values");
        Set<String> declared = new HashSet<>();
        measure.metrics().forEach(m -> declared.add(m.key()));
        for (Map.Entry<String, Double> e : values.entrySet()) {
            check(declared.contains(e.getKey()), name() + " returned " + e.getKey() + ", which it does not declare");
            check(e.getValue() != null && Double.isFinite(e.getValue()), name() + " returned " + e.getKey() + " = " + e.getValue());
        }
    }

    private void repeatable() {
        Map<String, Double> first = measure.evaluate(context);
        Map<String, Double> second = measure.evaluate(context);
        check(first.equals(second), name() + " gave " + first + ", then " + second + " on the same context");
    }

    private void defaults() {
        Measure configured = measure.with(measure.parameters().defaults());
        check(configured != null, name() + ": with(defaults) returned null");
        check(configured.metrics().equals(measure.metrics()), name() + " with its default parameters declares other metrics");
        check(configured.evaluate(context).equals(measure.evaluate(context)),
                name() + " with its default parameters gives other values");
    }

    private String name() {
        return "measure " + measure.name();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
