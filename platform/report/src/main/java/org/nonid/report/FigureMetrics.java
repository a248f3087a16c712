package org.nonid.report;

import java.util.List;
import java.util.Optional;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.measure.MetricInfo.Role;

/**
 * The metrics of the figure of extrapolation against loss, as the experiment's measures name them
 * (P1's figure: OOD R1 against test loss, the Bayes-optimal loss as a bound).
 */
record FigureMetrics(MetricInfo loss, MetricInfo extrapolation, Optional<MetricInfo> bound) {

    /** The figure's metrics among these, if a measure plays the loss and one the extrapolation. */
    static Optional<FigureMetrics> of(List<MetricInfo> metrics) {
        Optional<MetricInfo> loss = metrics.stream().filter(m -> m.plays(Role.FIGURE_LOSS)).findFirst();
        Optional<MetricInfo> extrapolation = metrics.stream().filter(m -> m.plays(Role.FIGURE_EXTRAPOLATION)).findFirst();
        if (loss.isEmpty() || extrapolation.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FigureMetrics(loss.get(), extrapolation.get(),
                metrics.stream().filter(m -> m.plays(Role.FIGURE_BOUND)).findFirst()));
    }

    String lossAtBest() {
        return "best/" + loss.key();
    }

    String extrapolationAtBest() {
        return "best/" + extrapolation.key();
    }

    String boundAtBest() {
        return bound.map(b -> "best/" + b.key()).orElse("");
    }
}
