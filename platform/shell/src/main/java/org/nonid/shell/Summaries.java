package org.nonid.shell;

import java.io.PrintStream;
import java.util.List;
import org.nonid.api.run.RunOutcome;

/** The closing table of a training command: the headline metrics of each run, and their mean and spread. */
final class Summaries {
    static final String[][] COLUMNS = {
        {"TEST LOSS", "best/test/loss"},
        {"BAYES BOUND", "best/val/bayes_loss"},
        {"GAP", "best/val/bayes_gap_relative"},
        {"ID R1", "best/id/rule_1_accuracy"},
        {"OOD R1", "best/ood/rule_1_accuracy"},
        {"OOD R1 (MAX)", "max/ood/rule_1_accuracy"}};

    private Summaries() {
    }

    static void print(PrintStream out, List<RunOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        String[] header = new String[COLUMNS.length + 2];
        header[0] = "RUN";
        header[1] = "STATUS";
        for (int c = 0; c < COLUMNS.length; c++) {
            header[c + 2] = COLUMNS[c][0];
        }
        Table table = new Table(header);
        for (RunOutcome o : outcomes) {
            Object[] row = new Object[COLUMNS.length + 2];
            row[0] = o.runId();
            row[1] = o.status().label();
            for (int c = 0; c < COLUMNS.length; c++) {
                row[c + 2] = cell(COLUMNS[c][1], o.summary().get(COLUMNS[c][1]));
            }
            table.row(row);
        }
        if (outcomes.size() > 1) {
            Object[] row = new Object[COLUMNS.length + 2];
            row[0] = "mean±sd";
            row[1] = "";
            for (int c = 0; c < COLUMNS.length; c++) {
                row[c + 2] = meanAndSpread(outcomes, COLUMNS[c][1]);
            }
            table.row(row);
        }
        out.println("at the step of minimum validation loss (OOD R1 (MAX): maximum over the history):");
        out.print(table);
    }

    private static String cell(String key, Double value) {
        if (value != null && key.endsWith("gap_relative")) {
            return String.format("%+.1f%%", 100 * value);
        }
        return Table.number(value);
    }

    private static String meanAndSpread(List<RunOutcome> outcomes, String key) {
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
        if (key.endsWith("gap_relative")) {
            return String.format("%+.1f%%±%.1f", 100 * mean, 100 * sd);
        }
        return String.format("%.4f±%.4f", mean, sd);
    }
}
