package org.nonid.api.measure;

/**
 * A metric a measure produces.
 *
 * @param key         {@code split/metric}, e.g. {@code ood/rule_1_accuracy}
 * @param description one line
 * @param direction   whether higher or lower values are better: it decides which extreme over a run's
 *                    history is its summary ({@code max/KEY} or {@code min/KEY})
 */
public record MetricInfo(String key, String description, Direction direction) {

    /** Which values of a metric are better. */
    public enum Direction {
        HIGHER_IS_BETTER, LOWER_IS_BETTER
    }

    /** A metric whose direction follows from its name: losses, gaps and divergences are lower-is-better. */
    public MetricInfo(String key, String description) {
        this(key, description, byName(key));
    }

    /** The direction a key's name implies ({@code ...loss}, {@code ...gap}, {@code ...kl}: lower is better). */
    public static Direction byName(String key) {
        return key.endsWith("loss") || key.endsWith("gap") || key.endsWith("gap_relative") || key.endsWith("kl")
                || key.contains("/kl_") ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
    }
}
