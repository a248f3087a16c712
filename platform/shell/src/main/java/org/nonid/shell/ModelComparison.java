package org.nonid.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.measure.ChanceLevels.Estimate;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.Reference;
import org.nonid.api.run.ExperimentResult;
import org.nonid.api.run.TrialOutcome;
import org.nonid.api.run.RunSpec;

/**
 * The closing tables of an experiment over several languages or models, in the papers' form: per
 * language, one row per model with the mean ± sd over its finished runs (test loss at the minimum
 * validation loss, rule metrics at their maximum over training), the published number beside it,
 * and the chance levels of the language's prompts.
 */
final class ModelComparison {
    /** The comparison's columns: the metrics its measures compare, at the summary each names. */
    private static List<MetricInfo.Column> columns(List<RunSpec> specs, PluginCatalog catalog) {
        List<String> measures = specs.stream().flatMap(s -> s.measures().stream()).distinct().toList();
        List<MetricInfo.Column> out = new ArrayList<>();
        for (MetricInfo m : catalog.measureMetrics(measures)) {
            if (m.plays(MetricInfo.Role.COMPARED_AT_BEST)) {
                out.add(new MetricInfo.Column("best/" + m.key(), m.label(), m.format()));
            } else if (m.plays(MetricInfo.Role.COMPARED_EXTREME)) {
                out.add(new MetricInfo.Column(m.extremeKey(), m.label(), m.format()));
            }
        }
        return out;
    }

    private ModelComparison() {
    }

    static void print(PrintStream out, ExperimentResult result, PluginCatalog catalog) {
        Reference reference = result.plan().reference();
        List<RunSpec> specs = result.outcomes().stream().map(TrialOutcome::spec).toList();
        Map<String, Map<String, List<TrialOutcome>>> byLanguage = new LinkedHashMap<>();
        Map<String, RunSpec> firstSpec = new LinkedHashMap<>();
        for (TrialOutcome t : result.outcomes()) {
            RunSpec s = t.spec();
            // one table per language and parameters: runs of the same language with other parameters are not pooled
            String label = s.language() + " " + s.languageParameters();
            byLanguage.computeIfAbsent(label, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.model(), k -> new ArrayList<>()).add(t);
            firstSpec.putIfAbsent(label, s);
        }
        out.println("rule metrics at their maximum over training, test loss at the minimum validation loss;"
                + " mean±sd over finished runs" + (reference.values().isEmpty() ? ""
                : "; PAPER: " + reference.source() + " (" + reference.metric() + ")"));
        List<MetricInfo.Column> columns = columns(specs, catalog);
        for (Map.Entry<String, Map<String, List<TrialOutcome>>> language : byLanguage.entrySet()) {
            RunSpec spec = firstSpec.get(language.getKey());
            out.println();
            out.println(language.getKey());
            String[] header = new String[columns.size() + 4];
            header[0] = "MODEL";
            header[1] = "RUNS";
            header[2] = "PARAMS";
            for (int c = 0; c < columns.size(); c++) {
                header[c + 3] = columns.get(c).label().toUpperCase(Locale.ROOT);
            }
            header[header.length - 1] = "PAPER";
            Table table = new Table(header);
            for (Map.Entry<String, List<TrialOutcome>> model : language.getValue().entrySet()) {
                List<TrialOutcome> finished = model.getValue().stream().filter(TrialOutcome::finished).toList();
                Object[] row = new Object[header.length];
                row[0] = model.getKey();
                row[1] = finished.size() + "/" + model.getValue().size();
                row[2] = parameterCounts(model.getValue());
                for (int c = 0; c < columns.size(); c++) {
                    row[c + 3] = Stats.meanAndSpread(finished, columns.get(c));
                }
                String published = reference.value(spec.language(), model.getKey());
                row[header.length - 1] = published == null ? "" : published;
                table.row(row);
            }
            table.row(chanceRow(spec, catalog, columns, header.length));
            out.print(table);
        }
    }

    /** The trainable parameter counts of a model's runs: one number, or the range where sweeps vary the size. */
    private static String parameterCounts(List<TrialOutcome> outcomes) {
        LongSummaryStatistics counts = outcomes.stream().map(o -> o.outcome().summary().get("parameters"))
                .filter(v -> v != null && !v.isNaN()).mapToLong(Double::longValue).summaryStatistics();
        if (counts.getCount() == 0) {
            return "-";
        }
        return counts.getMin() == counts.getMax() ? String.format("%,d", counts.getMin())
                : String.format("%,d-%,d", counts.getMin(), counts.getMax());
    }

    /** The chance levels of the language's prompts, as the runs drew them (first seed). */
    private static Object[] chanceRow(RunSpec spec, PluginCatalog catalog, List<MetricInfo.Column> columns, int width) {
        Object[] row = new Object[width];
        row[0] = "chance";
        try {
            Language plugin = catalog.language(spec.language());
            FormalLanguage language = plugin.create(plugin.parameters().resolve("language", spec.languageParameters()));
            Object k = spec.evaluation().get("promptLength");
            int length = k instanceof Number && ((Number) k).intValue() > 0 ? ((Number) k).intValue()
                    : language.defaultPromptLength();
            Map<String, Estimate> levels = ChanceTable.levels(language,
                    language.prompts(length, new SplittableRandom(spec.seed())), language.maxLength());
            for (int c = 0; c < columns.size(); c++) {
                String key = columns.get(c).summaryKey().substring(columns.get(c).summaryKey().indexOf('/') + 1);
                Estimate e = levels.get(key);
                row[c + 3] = e == null ? "" : String.format("%.3f", e.value());
            }
        } catch (RuntimeException e) {
            row[3] = "(not available: " + e.getMessage() + ")";
        }
        return row;
    }
}
