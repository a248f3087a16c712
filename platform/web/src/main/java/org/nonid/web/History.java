package org.nonid.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nonid.api.run.MetricPoint;

/**
 * A run's metric history after a step, as series by key of {@code [step, value]} pairs (value null
 * where it was not a number), and the last step it holds.
 */
record History(Map<String, List<Object[]>> series, long last) {

    static History after(List<MetricPoint> points, long after) {
        Map<String, List<Object[]>> series = new TreeMap<>();
        long last = after;
        for (MetricPoint p : points) {
            if (p.step() > after) {
                series.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(new Object[] {p.step(), WebJson.finite(p.value())});
                last = Math.max(last, p.step());
            }
        }
        return new History(series, last);
    }

    boolean none() {
        return series.isEmpty();
    }
}
