package org.nonid.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.nonid.api.run.Progress;
import org.nonid.api.run.RunMetrics;

/** How progress, durations and times read on the console. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Formats() {
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

    /** One progress line: step, loss, latest evaluation, elapsed time and ETA. */
    static String progress(String label, Progress p) {
        StringBuilder sb = new StringBuilder(label);
        sb.append(" step ").append(p.step()).append('/').append(p.totalSteps());
        if (!Double.isNaN(p.trainLoss())) {
            sb.append(String.format("  loss %.4f", p.trainLoss()));
        }
        Double val = p.lastEvaluation().get(RunMetrics.VALIDATION_LOSS.key());
        if (val != null) {
            sb.append(String.format("  val %.4f", val));
        }
        Double ood = p.lastEvaluation().get("ood/rule_1_accuracy");
        if (ood != null) {
            sb.append(String.format("  OOD R1 %.3f", ood));
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
