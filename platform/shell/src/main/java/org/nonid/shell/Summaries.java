package org.nonid.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;

/**
 * The closing table of a training command: the headline metrics of each run and, for each group of
 * runs that differ only in their seed (a condition, a sweep point), their mean and spread.
 */
final class Summaries {
    private Summaries() {
    }

    /** Specs and outcomes, in the same order; the columns are those the runs' measures describe. */
    static void print(PrintStream out, PluginCatalog catalog, List<RunSpec> specs, List<RunOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<MetricInfo.Column> columns = catalog.measureColumns(specs.stream().flatMap(s -> s.measures().stream())
                .distinct().toList());
        Map<RunSpec, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            RunSpec s = specs.get(i);
            RunSpec key = new RunSpec(s.experiment(), 0, s.language(), s.languageParameters(), s.model(), s.modelParameters(),
                    s.training(), s.evaluation(), s.condition(), s.conditionParameters(), s.measures(), 0, s.backend());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(outcomes.get(i));
        }
        boolean grouped = groups.size() > 1;
        String[] header = new String[columns.size() + 3];
        header[0] = "RUN";
        header[1] = "CONDITION";
        header[2] = "STATUS";
        for (int c = 0; c < columns.size(); c++) {
            header[c + 3] = columns.get(c).label().toUpperCase(Locale.ROOT);
        }
        Table table = new Table(header);
        int group = 0;
        for (Map.Entry<RunSpec, List<RunOutcome>> g : groups.entrySet()) {
            group++;
            String label = g.getKey().condition() + (grouped && sameConditionTwice(groups, g.getKey()) ? " #" + group : "");
            for (RunOutcome o : g.getValue()) {
                Object[] row = new Object[columns.size() + 3];
                row[0] = o.runId();
                row[1] = label;
                row[2] = o.status().label();
                for (int c = 0; c < columns.size(); c++) {
                    row[c + 3] = cell(columns.get(c), o.summary().get(columns.get(c).summaryKey()));
                }
                table.row(row);
            }
            if (g.getValue().size() > 1) {
                // cancelled, failed or interrupted runs never enter the mean; the row says how many did
                List<RunOutcome> finished = g.getValue().stream().filter(o -> o.status() == RunStatus.FINISHED).toList();
                Object[] row = new Object[columns.size() + 3];
                row[0] = "mean±sd";
                row[1] = label;
                row[2] = finished.size() == g.getValue().size() ? finished.size() + " runs"
                        : finished.size() + " of " + g.getValue().size() + " finished";
                for (int c = 0; c < columns.size(); c++) {
                    row[c + 3] = Stats.meanAndSpread(finished, columns.get(c));
                }
                table.row(row);
            }
        }
        out.println("at the step of minimum validation loss ((MAX), (MIN): the best over the history):");
        out.print(table);
    }

    private static boolean sameConditionTwice(Map<RunSpec, List<RunOutcome>> groups, RunSpec key) {
        return groups.keySet().stream().filter(k -> k.condition().equals(key.condition())).count() > 1;
    }

    private static String cell(MetricInfo.Column column, Double value) {
        if (value != null && column.format() == MetricInfo.Format.SIGNED_PERCENT) {
            return String.format("%+.1f%%", 100 * value);
        }
        return Table.number(value);
    }
}
