package org.nonid.shell;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns. */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(c == null ? "" : c.toString());
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                if (c < row.size()) {
                    width[c] = Math.max(width[c], row.get(c).length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (List<String> row : rows) {
            line(sb, row, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            line.append(cell);
            if (c < width.length - 1) {
                line.append(" ".repeat(width[c] - cell.length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    /** A number with 4 significant decimals, or "-" when missing. */
    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        double v = value;
        if (v != 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) {
            return String.format("%.3e", v);
        }
        return String.format("%.4f", v);
    }
}
