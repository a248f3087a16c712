package org.nonid.api.measure;

import java.util.List;
import java.util.Map;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A measure plugin: computes named scalars about a model at an evaluation. Registered as a service
 * with the property {@code nonid.name} equal to {@link #name()}.
 */
@ConsumerType
public interface Measure {

    /** The name users select it by, e.g. {@code rule-extrapolation}. */
    String name();

    /** One line for listings. */
    String description();

    /** The metrics it produces. */
    List<MetricInfo> metrics();

    /** Its parameters (none by default); a file gives them as {@code measures: [{name: NAME, key: value}]}. */
    default ConfigSchema parameters() {
        return ConfigSchema.builder().build();
    }

    /**
     * The measure with resolved parameters, for one run; this measure itself when it takes none.
     * Called once per run, before training; the instance returned evaluates that run.
     */
    default Measure with(Config parameters) {
        return this;
    }

    /** Computes its metrics, keyed as in {@link #metrics()}. */
    Map<String, Double> evaluate(MeasureContext context);
}
