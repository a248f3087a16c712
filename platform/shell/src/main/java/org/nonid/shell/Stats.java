package org.nonid.shell;

import java.util.List;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.run.MeanAndSpread;
import org.nonid.api.run.TrialOutcome;

/** Means and spreads of a summary metric over trials, written as the closing tables show them. */
final class Stats {
    private Stats() {
    }

    /** {@code mean±sd} of a column over the trials that have it, in the column's format, or "-". */
    static String meanAndSpread(List<TrialOutcome> trials, MetricInfo.Column column) {
        return written(MeanAndSpread.of(trials.stream().map(t -> t.outcome().summary()).toList(), column.summaryKey()),
                column.format() == MetricInfo.Format.SIGNED_PERCENT);
    }

    static String written(MeanAndSpread s, boolean percent) {
        if (s.n() == 0) {
            return "-";
        }
        if (percent) {
            return String.format("%+.1f%%±%.1f", 100 * s.mean(), 100 * s.sd());
        }
        return String.format("%.4f±%.4f", s.mean(), s.sd());
    }
}
