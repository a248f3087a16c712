package org.nonid.shell;

import java.util.List;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.run.RunOutcome;

/** Means and spreads of a summary metric over runs, as the closing tables show them. */
final class Stats {
    private Stats() {
    }

    /** {@code mean±sd} of a column over the outcomes that have it, in the column's format, or "-". */
    static String meanAndSpread(List<RunOutcome> outcomes, MetricInfo.Column column) {
        return meanAndSpread(outcomes, column.summaryKey(), column.format() == MetricInfo.Format.SIGNED_PERCENT);
    }

    /** {@code mean±sd} of a summary key over the outcomes that have it, or "-". */
    static String meanAndSpread(List<RunOutcome> outcomes, String key) {
        return meanAndSpread(outcomes, key, false);
    }

    private static String meanAndSpread(List<RunOutcome> outcomes, String key, boolean percent) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (RunOutcome o : outcomes) {
            Double v = o.summary().get(key);
            if (v != null && !v.isNaN()) {
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        if (n == 0) {
            return "-";
        }
        double mean = sum / n;
        double sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
        if (percent) {
            return String.format("%+.1f%%±%.1f", 100 * mean, 100 * sd);
        }
        return String.format("%.4f±%.4f", mean, sd);
    }
}
