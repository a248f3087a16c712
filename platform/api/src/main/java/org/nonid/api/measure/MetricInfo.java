package org.nonid.api.measure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param roles       the parts it plays in views that show a few metrics only (the live progress
 *                    line, the run list, the comparison of models, the loss-against-extrapolation
 *                    figure); none by default
 */
public record MetricInfo(String key, String description, Direction direction, String label, Format format,
                         List<Summary> shown, Set<Role> roles) {

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

    /** The parts a metric plays in the views that show a few metrics only. */
    public enum Role {
        /** Its latest value is on the live progress line of a run. */
        FOLLOWED,
        /** Its value at the best validation step is a column of {@code nonid:runs}. */
        LISTED,
        /** A column of the comparison of models, at the best validation step. */
        COMPARED_AT_BEST,
        /** A column of the comparison of models, at its best over training (as the papers' tables report). */
        COMPARED_EXTREME,
        /** The loss axis of the figure of extrapolation against loss. */
        FIGURE_LOSS,
        /** The extrapolation axis of that figure, and the metric of its per-group bars. */
        FIGURE_EXTRAPOLATION,
        /** A bound drawn on the loss axis of that figure. */
        FIGURE_BOUND
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
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** A metric without roles. */
    public MetricInfo(String key, String description, Direction direction, String label, Format format,
                      List<Summary> shown) {
        this(key, description, direction, label, format, shown, Set.of());
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
        return new MetricInfo(key, description, direction, newLabel, format, shown, roles);
    }

    /** This metric written in another format. */
    public MetricInfo formatted(Format newFormat) {
        return new MetricInfo(key, description, direction, label, newFormat, shown, roles);
    }

    /** This metric with columns for these summaries, in this order. */
    public MetricInfo shown(Summary... summaries) {
        return new MetricInfo(key, description, direction, label, format, List.of(summaries), roles);
    }

    /** This metric playing these roles too. */
    public MetricInfo playing(Role... more) {
        Set<Role> all = EnumSet.noneOf(Role.class);
        all.addAll(roles);
        all.addAll(List.of(more));
        return new MetricInfo(key, description, direction, label, format, shown, all);
    }

    /** Whether it plays a role. */
    public boolean plays(Role role) {
        return roles.contains(role);
    }

    /** The summary key of the extreme: {@code max/KEY} or {@code min/KEY}. */
    public String extremeKey() {
        return (direction == Direction.LOWER_IS_BETTER ? "min/" : "max/") + key;
    }

    /** The columns views show for this metric, in order. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>();
        for (Summary s : shown) {
            out.add(column(s));
        }
        return out;
    }

    /** The column of one of its summaries; the extreme's header says which extreme. */
    public Column column(Summary summary) {
        return summary == Summary.AT_BEST_VALIDATION ? new Column("best/" + key, label, format)
                : new Column(extremeKey(), label + (direction == Direction.LOWER_IS_BETTER ? " (min)" : " (max)"), format);
    }

    /** The direction a key's name implies ({@code ...loss}, {@code ...gap}, {@code ...kl}: lower is better). */
    public static Direction byName(String key) {
        return key.endsWith("loss") || key.endsWith("gap") || key.endsWith("gap_relative") || key.endsWith("kl")
                || key.contains("/kl_") ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
    }
}
