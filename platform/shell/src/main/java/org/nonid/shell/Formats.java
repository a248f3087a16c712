package org.nonid.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.Progress;
import org.nonid.api.run.RunMetrics;
import org.nonid.api.run.RunSpec;

/** How progress, durations and times read on the console. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** Trial indices as ranges: {@code 0-5}, {@code 0-2,4,7-8}. */
    static String ranges(List<Integer> trials) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < trials.size(); i++) {
            int start = trials.get(i);
            int end = start;
            while (i + 1 < trials.size() && trials.get(i + 1) == end + 1) {
                end = trials.get(++i);
            }
            b.append(b.length() == 0 ? "" : ",").append(start).append(end > start ? "-" + end : "");
        }
        return b.toString();
    }

    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        Duration d = Duration.ofSeconds(s);
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutesPart(), d.toSecondsPart());
    }

    /** The metrics a run's progress line follows: those of its measures that say so. */
    static List<MetricInfo> followed(PluginCatalog catalog, RunSpec spec) {
        return catalog == null ? List.of() : catalog.measureMetrics(spec.measures(), MetricInfo.Role.FOLLOWED);
    }

    /** One progress line: step, loss, latest evaluation (with the followed metrics), elapsed time and ETA. */
    static String progress(String label, Progress p, List<MetricInfo> followed) {
        StringBuilder sb = new StringBuilder(label);
        sb.append(" step ").append(p.step()).append('/').append(p.totalSteps());
        if (!Double.isNaN(p.trainLoss())) {
            sb.append(String.format("  loss %.4f", p.trainLoss()));
        }
        Double val = p.lastEvaluation().get(RunMetrics.VALIDATION_LOSS.key());
        if (val != null) {
            sb.append(String.format("  val %.4f", val));
        }
        for (MetricInfo m : followed) {
            Double value = p.lastEvaluation().get(m.key());
            if (value != null) {
                sb.append(String.format("  %s %.3f", m.label(), value));
            }
        }
        sb.append("  ").append(duration(p.elapsedSeconds()));
        if (!Double.isNaN(p.etaSeconds()) && !"done".equals(p.phase())) {
            sb.append(", ETA ").append(duration(p.etaSeconds()));
        }
        if (!"training".equals(p.phase())) {
            sb.append("  (").append(p.phase()).append(')');
        }
        return sb.toString();
    }
}
