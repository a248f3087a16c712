package org.nonid.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.SortedSet;
import org.nonid.api.config.ConfigException;
import org.nonid.api.config.UnknownName;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.nonid.api.run.RunMetrics;

/**
 * {@code nonid:runs}: the recorded runs with their condition and tags, filtered
 * ({@code language=aNbN,status=finished,tag=baseline}) and sorted by a column or a summary key.
 */
final class RunListing {
    static final List<String> FILTERS = List.of("experiment", "language", "model", "condition", "status", "tag");
    private static final List<String> ORDERS = List.of("id", "experiment", "trial", "seed", "language", "model",
            "condition", "status", "step", "started");

    /** A listed run; its configuration read once. */
    private record Row(RunRecord run, Map<String, String> settings, SortedSet<String> tags, Map<String, Double> summary) {
        String condition() {
            return settings.getOrDefault("condition.name", "mle");
        }
    }

    private RunListing() {
    }

    /** The filters of an option: {@code key=value,key=value}; every key one of {@link #FILTERS}. */
    static Map<String, String> filters(String option) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String part : option.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (eq <= 0) {
                problems.add("filter '" + part.trim() + "' is not of the form key=value (e.g. status=finished)");
            } else if (!FILTERS.contains(key)) {
                problems.add("filter " + UnknownName.message("key", key, FILTERS));
            } else {
                out.put(key, part.substring(eq + 1).trim());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return out;
    }

    /** The table of runs with their settings ({@link Settings}); its metric columns are those the listed runs' measures list (none without a catalog). */
    static String table(RunStore store, Function<RunRecord, Map<String, String>> settings, PluginCatalog catalog,
                        Map<String, String> filters, String order, boolean reverse) {
        List<Row> rows = new ArrayList<>();
        for (RunRecord r : store.runs()) {
            Row row = new Row(r, settings.apply(r), store.tags(r.id()),
                    store.summary(r.id()));
            if (matches(row, filters)) {
                rows.add(row);
            }
        }
        Comparator<Row> by = comparator(order);
        rows.sort(reverse ? by.reversed() : by);
        List<MetricInfo.Column> columns = listed(catalog, rows);
        List<String> header = new ArrayList<>(List.of("ID", "EXPERIMENT", "TRIAL", "SEED", "LANGUAGE", "MODEL",
                "CONDITION", "PARENT", "STATUS", "STEP"));
        columns.forEach(c -> header.add(c.label().toUpperCase(Locale.ROOT)));
        header.addAll(List.of("TAGS", "STARTED"));
        Table table = new Table(header.toArray(new String[0]));
        for (Row row : rows) {
            RunRecord r = row.run();
            Double parent = row.summary().get(RunMetrics.PARENT_RUN.key());
            List<Object> cells = new ArrayList<>(List.of(r.id(), r.experiment(), r.trial(), r.seed(), r.language(),
                    r.model(), row.condition(), parent == null ? "-" : "run " + parent.longValue(), r.status().label(),
                    r.lastStep() < 0 ? "-" : r.lastStep()));
            columns.forEach(c -> cells.add(Table.number(row.summary().get(c.summaryKey()))));
            cells.add(row.tags().isEmpty() ? "-" : String.join(",", row.tags()));
            cells.add(Formats.time(r.startedAt()));
            table.row(cells.toArray());
        }
        if (table.isEmpty()) {
            return (filters.isEmpty() ? "no runs recorded in " + store.dataDirectory() : "no run matches " + filters) + "\n";
        }
        return table.toString();
    }

    /** The listed metrics of the rows' measures, at the best validation step. */
    private static List<MetricInfo.Column> listed(PluginCatalog catalog, List<Row> rows) {
        if (catalog == null) {
            return List.of();
        }
        Set<String> measures = new LinkedHashSet<>();
        for (Row row : rows) {
            String names = row.settings().getOrDefault("measures", "");
            for (String name : names.split(",")) {
                if (!name.isBlank()) {
                    measures.add(name);
                }
            }
        }
        return catalog.measureMetrics(measures, MetricInfo.Role.LISTED).stream()
                .map(m -> m.column(MetricInfo.Summary.AT_BEST_VALIDATION)).toList();
    }

    private static boolean matches(Row row, Map<String, String> filters) {
        for (Map.Entry<String, String> f : filters.entrySet()) {
            RunRecord r = row.run();
            boolean ok = switch (f.getKey()) {
                case "experiment" -> r.experiment().equals(f.getValue());
                case "language" -> r.language().equals(f.getValue());
                case "model" -> r.model().equals(f.getValue());
                case "condition" -> row.condition().equals(f.getValue());
                case "status" -> r.status().label().equals(f.getValue().toLowerCase(Locale.ROOT));
                default -> row.tags().contains(f.getValue());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A column of {@link #ORDERS} or a summary key (runs without it last). */
    private static Comparator<Row> comparator(String order) {
        String key = order == null || order.isBlank() ? "id" : order.trim();
        Comparator<Row> byId = Comparator.comparingLong(row -> row.run().id());
        return switch (key) {
            case "id" -> byId;
            case "experiment" -> Comparator.<Row, String>comparing(row -> row.run().experiment()).thenComparing(byId);
            case "trial" -> Comparator.<Row>comparingInt(row -> row.run().trial()).thenComparing(byId);
            case "seed" -> Comparator.<Row>comparingLong(row -> row.run().seed()).thenComparing(byId);
            case "language" -> Comparator.<Row, String>comparing(row -> row.run().language()).thenComparing(byId);
            case "model" -> Comparator.<Row, String>comparing(row -> row.run().model()).thenComparing(byId);
            case "condition" -> Comparator.<Row, String>comparing(Row::condition).thenComparing(byId);
            case "status" -> Comparator.<Row, String>comparing(row -> row.run().status().label()).thenComparing(byId);
            case "step" -> Comparator.<Row>comparingLong(row -> row.run().lastStep()).thenComparing(byId);
            case "started" -> Comparator.<Row, java.time.Instant>comparing(row -> row.run().startedAt()).thenComparing(byId);
            default -> {
                if (!key.contains("/")) {
                    throw new ConfigException("sort " + UnknownName.message("key", key, ORDERS)
                            + "; or a summary key such as best/test/loss");
                }
                yield Comparator.<Row, Double>comparing(row -> row.summary().get(key),
                        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byId);
            }
        };
    }
}
