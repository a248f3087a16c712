package org.nonid.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.run.RunRecord;

/**
 * The runs as the dashboard's JSON: {@code {"columns": [{"key", "label"}], "runs": [...]}}, each run
 * with its record, condition, tags and summary; the columns are those its measures list.
 */
final class RunsJson {
    private RunsJson() {
    }

    record Row(RunRecord run, String condition, List<String> measures, SortedSet<String> tags,
               Map<String, Double> summary) {
    }

    static String write(List<Row> rows, List<MetricInfo.Column> columns) {
        StringBuilder sb = new StringBuilder("{\"columns\":[");
        for (int c = 0; c < columns.size(); c++) {
            sb.append(c == 0 ? "" : ",").append("{\"key\":").append(string(columns.get(c).summaryKey()))
                    .append(",\"label\":").append(string(columns.get(c).label())).append('}');
        }
        sb.append("],\n\"runs\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            RunRecord r = row.run();
            sb.append(i == 0 ? "\n" : ",\n").append("{\"id\":").append(r.id())
                    .append(",\"experiment\":").append(string(r.experiment()))
                    .append(",\"trial\":").append(r.trial())
                    .append(",\"seed\":").append(r.seed())
                    .append(",\"language\":").append(string(r.language()))
                    .append(",\"model\":").append(string(r.model()))
                    .append(",\"condition\":").append(string(row.condition()))
                    .append(",\"status\":").append(string(r.status().label()))
                    .append(",\"reason\":").append(string(r.reason()))
                    .append(",\"step\":").append(r.lastStep())
                    .append(",\"tags\":[");
            int t = 0;
            for (String tag : row.tags()) {
                sb.append(t++ == 0 ? "" : ",").append(string(tag));
            }
            sb.append("],\"summary\":{");
            int s = 0;
            for (Map.Entry<String, Double> e : row.summary().entrySet()) {
                sb.append(s++ == 0 ? "" : ",").append(string(e.getKey())).append(':').append(number(e.getValue()));
            }
            sb.append("}}");
        }
        return sb.append("\n]}\n").toString();
    }

    private static String number(Double v) {
        return v == null || !Double.isFinite(v) ? "null" : String.format(Locale.ROOT, "%s", v);
    }

    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
