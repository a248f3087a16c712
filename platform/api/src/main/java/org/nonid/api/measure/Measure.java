package org.nonid.api.measure;

import java.util.List;
import java.util.Map;
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

    /** Computes its metrics, keyed as in {@link #metrics()}. */
    Map<String, Double> evaluate(MeasureContext context);
}
