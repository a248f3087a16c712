package org.nonid.api.run;

import java.util.Collection;
import java.util.Map;

/**
 * The mean and sample standard deviation of a summary metric over runs that have it (NaN values left
 * out), as every view of an experiment shows it.
 *
 * @param mean the mean, NaN when no run has the metric
 * @param sd   the sample standard deviation, 0 for one run
 * @param n    how many runs have it
 */
public record MeanAndSpread(double mean, double sd, int n) {

    /** Over the summaries of runs. */
    public static MeanAndSpread of(Collection<Map<String, Double>> summaries, String key) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (Map<String, Double> s : summaries) {
            Double v = s.get(key);
            if (v != null && !v.isNaN()) {
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        if (n == 0) {
            return new MeanAndSpread(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        return new MeanAndSpread(mean, n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0, n);
    }
}
