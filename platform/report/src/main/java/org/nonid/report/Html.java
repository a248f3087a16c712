package org.nonid.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nonid.api.measure.MetricInfo;

/** report.html: the tables and figures on one page that opens from disk, without a server. */
final class Html {
    private Html() {
    }

    /** The page; its tables have the columns the runs' measures describe. */
    static Path write(String experiment, List<TrialResult> trials, Map<String, List<TrialResult>> groups,
            List<MetricInfo.Column> columns, Optional<FigureMetrics> figureMetrics, Path dir) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(experiment))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + "img{max-width:100%;margin:1em 0}</style></head><body>\n");
        h.append("<h1>").append(escape(experiment)).append("</h1>\n");
        h.append("<p>").append(trials.size()).append(" runs (the latest finished run of each trial). Metrics at the step"
                + " of minimum validation loss, mean ± sd over seeds; (max) and (min) are the best over training.</p>\n");
        h.append("<table><tr><th>condition</th><th>runs</th>");
        columns.forEach(c -> h.append("<th>").append(escape(c.label())).append("</th>"));
        h.append("</tr>\n");
        for (Map.Entry<String, List<TrialResult>> g : groups.entrySet()) {
            h.append("<tr><td>").append(escape(g.getKey())).append("</td><td>").append(g.getValue().size()).append("</td>");
            for (MetricInfo.Column c : columns) {
                h.append("<td>").append(Groups.format(c, Groups.stats(g.getValue(), c.summaryKey()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        List<String[]> figures = new java.util.ArrayList<>();
        if (figureMetrics.isPresent()) {
            String y = figureMetrics.get().extrapolation().label();
            String x = figureMetrics.get().loss().label();
            String bound = figureMetrics.get().bound().map(b -> "; dashed: the " + b.label()).orElse("");
            figures.add(new String[] {"models", y + " (best over training) by language and model"});
            figures.add(new String[] {"p1", y + " against " + x + " over training (circle: start, square: end" + bound + ")"});
            figures.add(new String[] {"p1_end", "Each run at its minimum validation loss: " + x + " against " + y});
            figures.add(new String[] {"ood_r1", y + " at minimum validation loss, per group"});
        }
        figures.add(new String[] {"loss", "Validation loss"});
        figures.removeIf(f -> !Files.exists(dir.resolve(f[0] + ".svg")));
        for (String[] figure : figures) {
            h.append("<h2>").append(figure[1]).append("</h2>\n<img src=\"").append(figure[0]).append(".svg\" alt=\"")
                    .append(figure[1]).append("\">\n");
        }
        h.append("<h2>Runs</h2>\n<table><tr><th>run</th><th>trial</th><th>condition</th><th>seed</th>");
        columns.forEach(c -> h.append("<th>").append(escape(c.label())).append("</th>"));
        h.append("</tr>\n");
        for (TrialResult t : trials) {
            h.append("<tr><td>").append(t.run().id()).append("</td><td>").append(t.run().trial()).append("</td><td>")
                    .append(escape(t.condition())).append("</td><td>").append(t.run().seed()).append("</td>");
            for (MetricInfo.Column c : columns) {
                h.append("<td>").append(Groups.format(c, t.summary().get(c.summaryKey()))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p>Files: summary.csv, history.csv, completions.csv, summary.json; figures as PNG and SVG.</p>\n"
                + "</body></html>\n");
        Path file = dir.resolve("report.html");
        Files.writeString(file, h.toString());
        return file;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
