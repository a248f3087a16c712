package org.nonid.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStatus;

/**
 * The closing table of a training command: the headline metrics of each run and, for each group of
 * runs that differ only in their seed (a condition, a sweep point), their mean and spread.
 */
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

    /** Specs and outcomes, in the same order. */
    static void print(PrintStream out, List<RunSpec> specs, List<RunOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Map<RunSpec, List<RunOutcome>> groups = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            RunSpec s = specs.get(i);
            RunSpec key = new RunSpec(s.experiment(), 0, s.language(), s.languageParameters(), s.model(), s.modelParameters(),
                    s.training(), s.evaluation(), s.condition(), s.conditionParameters(), s.measures(), 0, s.backend());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(outcomes.get(i));
        }
        boolean grouped = groups.size() > 1;
        String[] header = new String[COLUMNS.length + 3];
        header[0] = "RUN";
        header[1] = "CONDITION";
        header[2] = "STATUS";
        for (int c = 0; c < COLUMNS.length; c++) {
            header[c + 3] = COLUMNS[c][0];
        }
        Table table = new Table(header);
        int group = 0;
        for (Map.Entry<RunSpec, List<RunOutcome>> g : groups.entrySet()) {
            group++;
            String label = g.getKey().condition() + (grouped && sameConditionTwice(groups, g.getKey()) ? " #" + group : "");
            for (RunOutcome o : g.getValue()) {
                Object[] row = new Object[COLUMNS.length + 3];
                row[0] = o.runId();
                row[1] = label;
                row[2] = o.status().label();
                for (int c = 0; c < COLUMNS.length; c++) {
                    row[c + 3] = cell(COLUMNS[c][1], o.summary().get(COLUMNS[c][1]));
                }
                table.row(row);
            }
            if (g.getValue().size() > 1) {
                // cancelled, failed or interrupted runs never enter the mean; the row says how many did
                List<RunOutcome> finished = g.getValue().stream().filter(o -> o.status() == RunStatus.FINISHED).toList();
                Object[] row = new Object[COLUMNS.length + 3];
                row[0] = "mean±sd";
                row[1] = label;
                row[2] = finished.size() == g.getValue().size() ? finished.size() + " runs"
                        : finished.size() + " of " + g.getValue().size() + " finished";
                for (int c = 0; c < COLUMNS.length; c++) {
                    row[c + 3] = Stats.meanAndSpread(finished, COLUMNS[c][1]);
                }
                table.row(row);
            }
        }
        out.println("at the step of minimum validation loss (OOD R1 (MAX): maximum over the history):");
        out.print(table);
    }

    private static boolean sameConditionTwice(Map<RunSpec, List<RunOutcome>> groups, RunSpec key) {
        return groups.keySet().stream().filter(k -> k.condition().equals(key.condition())).count() > 1;
    }

    private static String cell(String key, Double value) {
        if (value != null && key.endsWith("gap_relative")) {
            return String.format("%+.1f%%", 100 * value);
        }
        return Table.number(value);
    }
}
