package org.nonid.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.run.MetricPoint;

/** Trials grouped by what varies (condition, language, model), with means and spreads over seeds. */
final class Groups {
    private Groups() {
    }

    /**
     * Trials that differ only in their seed, labelled by what varies across the experiment:
     * the condition, and the language and model when the experiment has several.
     */
    static Map<String, List<TrialResult>> byGroup(List<TrialResult> trials) {
        boolean languages = trials.stream().map(t -> t.run().language()).distinct().count() > 1;
        boolean models = trials.stream().map(t -> t.run().model()).distinct().count() > 1;
        boolean conditions = trials.stream().map(TrialResult::condition).distinct().count() > 1;
        Map<String, List<TrialResult>> groups = new LinkedHashMap<>();
        for (TrialResult t : trials) {
            List<String> parts = new ArrayList<>();
            if (languages) {
                parts.add(t.run().language());
            }
            if (models) {
                parts.add(t.run().model());
            }
            if (conditions || parts.isEmpty()) {
                parts.add(t.condition());
            }
            groups.computeIfAbsent(String.join(" / ", parts), k -> new ArrayList<>()).add(t);
        }
        return groups;
    }

    /** {mean, sd, n} of a summary key over trials (NaN mean when none has it). */
    static double[] stats(List<TrialResult> trials, String key) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (TrialResult t : trials) {
            Double v = t.summary().get(key);
            if (v != null && !v.isNaN()) {
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
        return new double[] {mean, sd, n};
    }

    /** The mean over trials of a metric at each step that every trial recorded. */
    static TreeMap<Long, Double> meanCurve(List<TrialResult> trials, String key) {
        TreeMap<Long, double[]> acc = new TreeMap<>();
        for (TrialResult t : trials) {
            for (MetricPoint p : t.history()) {
                if (p.key().equals(key) && !Double.isNaN(p.value())) {
                    double[] a = acc.computeIfAbsent(p.step(), s -> new double[2]);
                    a[0] += p.value();
                    a[1]++;
                }
            }
        }
        TreeMap<Long, Double> mean = new TreeMap<>();
        acc.forEach((step, a) -> {
            if (a[1] == trials.size()) {
                mean.put(step, a[0] / a[1]);
            }
        });
        return mean;
    }

    /** Mean ± sd of a column, in its format. */
    static String format(MetricInfo.Column column, double[] stats) {
        if (column.format() != MetricInfo.Format.SIGNED_PERCENT || Double.isNaN(stats[0])) {
            return format(stats);
        }
        return String.format("%+.2f%% ± %.2f", 100 * stats[0], 100 * stats[1]);
    }

    /** One value of a column, in its format. */
    static String format(MetricInfo.Column column, Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        return column.format() == MetricInfo.Format.SIGNED_PERCENT ? String.format("%+.2f%%", 100 * value)
                : String.format("%.4f", value);
    }

    static String format(double[] stats) {
        if (Double.isNaN(stats[0])) {
            return "-";
        }
        return String.format("%.4f ± %.4f", stats[0], stats[1]);
    }
}
