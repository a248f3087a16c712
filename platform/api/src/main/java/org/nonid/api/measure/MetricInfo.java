package org.nonid.api.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A metric a measure produces, described so that every view (closing tables, {@code nonid:runs},
 * {@code nonid:compare}, {@code report.html}) can show it without knowing it.
 *
 * @param key         {@code split/metric}, e.g. {@code ood/rule_1_accuracy}
 * @param description one line
 * @param direction   whether higher or lower values are better: it decides which extreme over a run's
 *                    history is its summary ({@code max/KEY} or {@code min/KEY})
 * @param label       a short column header, e.g. {@code OOD R1}
 * @param format      how its values are written
 * @param shown       the summaries that views show as columns, in order; empty: the metric is
 *                    recorded and exported but has no column
 */
public record MetricInfo(String key, String description, Direction direction, String label, Format format,
                         List<Summary> shown) {

    /** Which values of a metric are better. */
    public enum Direction {
        HIGHER_IS_BETTER, LOWER_IS_BETTER
    }

    /** How values are written. */
    public enum Format {
        /** Four significant decimals, e.g. {@code 0.6312}. */
        NUMBER,
        /** A share as a signed percentage, e.g. {@code +3.1%}. */
        SIGNED_PERCENT
    }

    /** The summaries of a metric over a run's history. */
    public enum Summary {
        /** Its value at the evaluation of minimum validation loss ({@code best/KEY}). */
        AT_BEST_VALIDATION,
        /** Its best value over the history by its direction ({@code max/KEY} or {@code min/KEY}). */
        EXTREME
    }

    /** A column a view shows: the summary key it reads, its header, and how it writes values. */
    public record Column(String summaryKey, String label, Format format) {
    }

    public MetricInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(direction, "direction");
        label = label == null || label.isBlank() ? key : label;
        format = format == null ? Format.NUMBER : format;
        shown = shown == null ? List.of() : List.copyOf(shown);
    }

    /** A metric without a column. */
    public MetricInfo(String key, String description, Direction direction) {
        this(key, description, direction, key, Format.NUMBER, List.of());
    }

    /** A metric whose direction follows from its name: losses, gaps and divergences are lower-is-better. */
    public MetricInfo(String key, String description) {
        this(key, description, byName(key));
    }

    /** This metric with a column header. */
    public MetricInfo labelled(String newLabel) {
        return new MetricInfo(key, description, direction, newLabel, format, shown);
    }

    /** This metric written in another format. */
    public MetricInfo formatted(Format newFormat) {
        return new MetricInfo(key, description, direction, label, newFormat, shown);
    }

    /** This metric with columns for these summaries, in this order. */
    public MetricInfo shown(Summary... summaries) {
        return new MetricInfo(key, description, direction, label, format, List.of(summaries));
    }

    /** The summary key of the extreme: {@code max/KEY} or {@code min/KEY}. */
    public String extremeKey() {
        return (direction == Direction.LOWER_IS_BETTER ? "min/" : "max/") + key;
    }

    /** The columns views show for this metric, in order. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>();
        for (Summary s : shown) {
            out.add(s == Summary.AT_BEST_VALIDATION ? new Column("best/" + key, label, format)
                    : new Column(extremeKey(), label + (direction == Direction.LOWER_IS_BETTER ? " (min)" : " (max)"), format));
        }
        return out;
    }

    /** The direction a key's name implies ({@code ...loss}, {@code ...gap}, {@code ...kl}: lower is better). */
    public static Direction byName(String key) {
        return key.endsWith("loss") || key.endsWith("gap") || key.endsWith("gap_relative") || key.endsWith("kl")
                || key.contains("/kl_") ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
    }
}
