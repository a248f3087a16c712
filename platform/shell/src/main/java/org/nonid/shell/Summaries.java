package org.nonid.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.TrialOutcome;

/**
 * The closing table of a training command: the headline metrics of each run and, for each group of
 * runs that differ only in their seed (a condition, a sweep point), their mean and spread.
 */
final class Summaries {
    private Summaries() {
    }

    /** Groups of trials that differ in their seed only; the columns are those the runs' measures describe. */
    static void print(PrintStream out, PluginCatalog catalog, List<List<TrialOutcome>> groups) {
        if (groups.isEmpty()) {
            return;
        }
        List<MetricInfo.Column> columns = catalog.measureColumns(groups.stream().flatMap(List::stream)
                .flatMap(t -> t.spec().measures().stream()).distinct().toList());
        String[] header = new String[columns.size() + 3];
        header[0] = "RUN";
        header[1] = "CONDITION";
        header[2] = "STATUS";
        for (int c = 0; c < columns.size(); c++) {
            header[c + 3] = columns.get(c).label().toUpperCase(Locale.ROOT);
        }
        Table table = new Table(header);
        int number = 0;
        for (List<TrialOutcome> group : groups) {
            number++;
            String condition = group.get(0).spec().condition();
            String label = condition + (sameConditionTwice(groups, condition) ? " #" + number : "");
            for (TrialOutcome t : group) {
                Object[] row = new Object[columns.size() + 3];
                row[0] = t.outcome().runId();
                row[1] = label;
                row[2] = t.outcome().status().label();
                for (int c = 0; c < columns.size(); c++) {
                    row[c + 3] = cell(columns.get(c), t.outcome().summary().get(columns.get(c).summaryKey()));
                }
                table.row(row);
            }
            if (group.size() > 1) {
                // cancelled, failed or interrupted runs never enter the mean; the row says how many did
                List<TrialOutcome> finished = group.stream().filter(TrialOutcome::finished).toList();
                Object[] row = new Object[columns.size() + 3];
                row[0] = "mean±sd";
                row[1] = label;
                row[2] = finished.size() == group.size() ? finished.size() + " runs"
                        : finished.size() + " of " + group.size() + " finished";
                for (int c = 0; c < columns.size(); c++) {
                    row[c + 3] = Stats.meanAndSpread(finished, columns.get(c));
                }
                table.row(row);
            }
        }
        out.println("at the step of minimum validation loss ((MAX), (MIN): the best over the history):");
        out.print(table);
    }

    /** One run's closing table. */
    static void print(PrintStream out, PluginCatalog catalog, RunSpec spec, RunOutcome outcome) {
        print(out, catalog, List.of(List.of(new TrialOutcome(0, spec, outcome))));
    }

    private static boolean sameConditionTwice(List<List<TrialOutcome>> groups, String condition) {
        return groups.stream().filter(g -> g.get(0).spec().condition().equals(condition)).count() > 1;
    }

    private static String cell(MetricInfo.Column column, Double value) {
        if (value != null && column.format() == MetricInfo.Format.SIGNED_PERCENT) {
            return String.format("%+.1f%%", 100 * value);
        }
        return Table.number(value);
    }
}
