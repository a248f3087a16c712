package org.nonid.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.report.ReportService;
import org.nonid.api.run.ExperimentRecord;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.LoadedRun;
import org.nonid.api.run.MeanAndSpread;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunRecords;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The dashboard's JSON API under {@value #PATH}: runs, a run's history (and its live stream),
 * completions and checkpoint, experiments; tags, notes, deletion and reports, which change state
 * and need the session's token ({@link Guard}). Errors answer {@code {"error": "..."}}.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + ApiServlet.PATH + "/*",
    "osgi.http.whiteboard.servlet.name=nonid-api"})
public final class ApiServlet extends HttpServlet {
    static final String PATH = DashboardServlet.PATH + "/api";
    /** The artifact that holds a run's best-validation checkpoint. */
    static final String CHECKPOINT = "best.ckpt";
    private static final long serialVersionUID = 1L;
    private static final Pattern RUN = Pattern.compile("/runs/(\\d+)(/[a-z]+)?");
    private static final int COMPLETIONS_SHOWN = 64;

    private final transient RunStore store;
    private final transient PluginCatalog catalog;
    private final transient RunStream stream;
    private volatile boolean open = true;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReportService reports;

    @Activate
    public ApiServlet(@Reference RunStore store, @Reference PluginCatalog catalog, @Reference RunFeed feed) {
        this.store = store;
        this.catalog = catalog;
        this.stream = new RunStream(store, feed);
    }

    @Deactivate
    void close() {
        open = false;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, () -> {
            String path = path(request);
            Matcher run = RUN.matcher(path);
            if (path.equals("/session")) {
                return Map.of("token", Guard.token(request));
            } else if (path.equals("/runs")) {
                return runs();
            } else if (path.equals("/experiments")) {
                List<RunRecord> all = store.runs();
                return store.experiments().stream().map(e -> ExperimentRow.of(e, all)).toList();
            } else if (path.equals("/experiment")) {
                return experiment(experimentRecord(request));
            } else if (run.matches()) {
                long id = Long.parseLong(run.group(1));
                RunRecord record = store.run(id).orElseThrow(() -> new ApiError(404, "no run " + id));
                String part = run.group(2) == null ? "" : run.group(2);
                switch (part) {
                    case "" -> {
                        return detail(record);
                    }
                    case "/history" -> {
                        return History.after(store.history(id), longParameter(request, "after", -1));
                    }
                    case "/events" -> {
                        String last = request.getHeader("Last-Event-ID");
                        long after = last != null && last.matches("-?\\d+") ? Long.parseLong(last)
                                : longParameter(request, "after", -1);
                        stream.stream(id, after, response, () -> open);
                        return null;
                    }
                    case "/completions" -> {
                        return completions(id);
                    }
                    case "/checkpoint" -> {
                        byte[] bytes = store.artifact(id, CHECKPOINT).orElseThrow(() -> new ApiError(404,
                                "run " + id + " has no checkpoint (it saves one at its first evaluation)"));
                        response.setContentType("application/octet-stream");
                        response.setHeader("Content-Disposition", "attachment; filename=\"run-" + id + "-best.ckpt\"");
                        response.setContentLength(bytes.length);
                        response.getOutputStream().write(bytes);
                        return null;
                    }
                    default -> throw new ApiError(404, "no address " + PATH + path);
                }
            }
            throw new ApiError(404, "no address " + PATH + path);
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, () -> {
            Guard.checkChange(request);
            String path = path(request);
            Matcher run = RUN.matcher(path);
            if (path.equals("/report")) {
                return report(experimentRecord(request));
            }
            if (!run.matches() || run.group(2) == null) {
                throw new ApiError(404, "no address " + PATH + path + " to post to");
            }
            long id = Long.parseLong(run.group(1));
            store.run(id).orElseThrow(() -> new ApiError(404, "no run " + id));
            Map<String, Object> body = WebJson.request(request.getInputStream());
            switch (run.group(2)) {
                case "/tags" -> {
                    store.tag(id, strings(body, "add"));
                    store.untag(id, strings(body, "remove"));
                    return Map.of("tags", store.tags(id));
                }
                case "/note" -> {
                    if (!(body.get("note") instanceof String note)) {
                        throw new ApiError(400, "give the note as {\"note\": \"...\"}");
                    }
                    store.setNote(id, note);
                    return Map.of("note", store.note(id));
                }
                default -> throw new ApiError(404, "no address " + PATH + path + " to post to");
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(response, () -> {
            Guard.checkChange(request);
            String path = path(request);
            Matcher run = RUN.matcher(path);
            if (path.equals("/experiment")) {
                ExperimentRecord e = experimentRecord(request);
                return Map.of("deleted", e.name(), "runs", store.deleteExperiment(e.name()));
            }
            if (run.matches() && run.group(2) == null) {
                long id = Long.parseLong(run.group(1));
                store.run(id).orElseThrow(() -> new ApiError(404, "no run " + id));
                store.deleteRun(id);
                return Map.of("deleted", id);
            }
            throw new ApiError(404, "no address " + PATH + path + " to delete");
        });
    }

    private Map<String, Object> runs() {
        List<RunRow> rows = store.runs().stream().map(r -> RunRow.of(r, settings(r), store)).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("columns", columns(rows, Set.of(MetricInfo.Role.LISTED)));
        out.put("runs", rows);
        return out;
    }

    private RunDetail detail(RunRecord r) {
        Map<String, String> settings = settings(r);
        RunRow row = RunRow.of(r, settings, store);
        return new RunDetail(row, settings, WebJson.object(r.environmentJson()), store.note(r.id()),
                store.artifact(r.id(), CHECKPOINT).isPresent(), MetricView.of(catalog, row.measures()).values());
    }

    private ExperimentDetail experiment(ExperimentRecord e) {
        List<RunRecord> all = store.runs();
        // each run's configuration is read once, for its row and its group
        Map<Long, Map<String, String>> settings = new LinkedHashMap<>();
        List<RunRow> rows = new ArrayList<>();
        for (RunRecord r : all) {
            if (r.experiment().equals(e.name())) {
                settings.put(r.id(), settings(r));
                rows.add(RunRow.of(r, settings.get(r.id()), store));
            }
        }
        List<Long> reported = RunRecords.latestFinishedByTrial(all, e.name()).values().stream().map(RunRecord::id).toList();
        String report = Files.isRegularFile(reportDirectory(e.name()).resolve(ReportFilesServlet.PAGE))
                ? ReportFilesServlet.address(e.name()) : null;
        List<ExperimentDetail.Column> columns = columns(rows, Set.of(MetricInfo.Role.LISTED,
                MetricInfo.Role.COMPARED_AT_BEST, MetricInfo.Role.COMPARED_EXTREME));
        return new ExperimentDetail(ExperimentRow.of(e, all), e.text(), e.overrides(), columns, rows, reported,
                groups(rows, settings, reported, columns), report);
    }

    /** The reported runs in groups of configurations that differ in their seed only, in trial order. */
    private static List<ExperimentDetail.Group> groups(List<RunRow> rows, Map<Long, Map<String, String>> settings,
                                                       List<Long> reported, List<ExperimentDetail.Column> columns) {
        Map<Map<String, String>, List<RunRow>> groups = new LinkedHashMap<>();
        for (RunRow r : rows) {
            if (reported.contains(r.id())) {
                groups.computeIfAbsent(settings.get(r.id()), k -> new ArrayList<>()).add(r);
            }
        }
        List<ExperimentDetail.Group> out = new ArrayList<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        groups.values().forEach(g -> labels.merge(label(g.get(0)), 1, Integer::sum));
        int number = 0;
        for (List<RunRow> g : groups.values()) {
            number++;
            List<Map<String, Double>> summaries = g.stream().map(RunRow::summary).toList();
            Map<String, ExperimentDetail.Stat> stats = new LinkedHashMap<>();
            for (ExperimentDetail.Column c : columns) {
                stats.put(c.key(), ExperimentDetail.Stat.of(MeanAndSpread.of(summaries, c.key())));
            }
            String label = label(g.get(0));
            out.add(new ExperimentDetail.Group(labels.get(label) > 1 ? label + " #" + number : label,
                    g.stream().map(RunRow::id).toList(), stats));
        }
        return out;
    }

    private static String label(RunRow r) {
        return r.language() + " · " + r.model() + " · " + r.condition();
    }

    /** A run's settings as the experiment service reads its configuration; none without the service or a readable one. */
    private Map<String, String> settings(RunRecord r) {
        ExperimentService service = experiments;
        try {
            return service == null ? Map.of() : service.spec(r.id()).settings();
        } catch (RuntimeException unreadable) {
            return Map.of();
        }
    }

    /** The summary columns that the rows' measures give these roles, each key once. */
    private List<ExperimentDetail.Column> columns(List<RunRow> rows, Set<MetricInfo.Role> roles) {
        Set<String> measures = new LinkedHashSet<>();
        rows.forEach(r -> measures.addAll(r.measures()));
        Map<String, ExperimentDetail.Column> columns = new LinkedHashMap<>();
        for (MetricInfo m : catalog.measureMetrics(measures)) {
            List<MetricInfo.Summary> summaries = new ArrayList<>();
            if (m.plays(MetricInfo.Role.LISTED) && roles.contains(MetricInfo.Role.LISTED)
                    || m.plays(MetricInfo.Role.COMPARED_AT_BEST) && roles.contains(MetricInfo.Role.COMPARED_AT_BEST)) {
                summaries.add(MetricInfo.Summary.AT_BEST_VALIDATION);
            }
            if (m.plays(MetricInfo.Role.COMPARED_EXTREME) && roles.contains(MetricInfo.Role.COMPARED_EXTREME)) {
                summaries.add(MetricInfo.Summary.EXTREME);
            }
            for (MetricInfo.Summary s : summaries) {
                MetricInfo.Column c = m.column(s);
                columns.putIfAbsent(c.summaryKey(), new ExperimentDetail.Column(c.summaryKey(), c.label(), c.format().name()));
            }
        }
        return List.copyOf(columns.values());
    }

    private CompletionsView completions(long id) throws ApiError {
        ExperimentService service = experiments;
        if (service == null) {
            throw new ApiError(503, "the experiment service is not running; completions need it");
        }
        if (store.artifact(id, CHECKPOINT).isEmpty()) {
            throw new ApiError(404, "run " + id + " has no checkpoint yet (it saves one at its first evaluation)");
        }
        try (LoadedRun run = service.load(id)) {
            return CompletionsView.of(run, COMPLETIONS_SHOWN);
        }
    }

    private Map<String, Object> report(ExperimentRecord e) throws ApiError {
        ReportService service = reports;
        if (service == null) {
            throw new ApiError(503, "the report service is not running");
        }
        var written = service.report(e.name(), reportDirectory(e.name()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", ReportFilesServlet.address(e.name()));
        out.put("files", written.files().stream().map(p -> p.getFileName().toString()).toList());
        return out;
    }

    private Path reportDirectory(String experiment) {
        return ReportFilesServlet.directory(store, experiment);
    }

    private ExperimentRecord experimentRecord(HttpServletRequest request) throws ApiError {
        String name = request.getParameter("name");
        if (name == null || name.isEmpty()) {
            throw new ApiError(400, "give the experiment as ?name=...");
        }
        return store.experiment(name).orElseThrow(() -> new ApiError(404, "no experiment '" + name + "'"));
    }

    private static List<String> strings(Map<String, Object> body, String key) throws ApiError {
        Object value = body.getOrDefault(key, List.of());
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new ApiError(400, "'" + key + "' must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static long longParameter(HttpServletRequest request, String name, long absent) throws ApiError {
        String text = request.getParameter(name);
        if (text == null) {
            return absent;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "'" + name + "' must be a whole number, not '" + text + "'");
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getPathInfo() == null ? "/" : request.getPathInfo();
    }

    /** What an address answers: a value written as JSON, or null when it wrote its answer itself. */
    private interface Answer {
        Object get() throws ApiError, IOException, InterruptedException;
    }

    private static void answer(HttpServletResponse response, Answer answer) throws IOException {
        Object value;
        try {
            value = answer.get();
        } catch (ApiError e) {
            error(response, e.status(), e.getMessage());
            return;
        } catch (IllegalStateException e) {
            error(response, 409, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            error(response, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (value != null) {
            send(response, 200, WebJson.bytes(value));
        }
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        if (!response.isCommitted()) {
            send(response, status, WebJson.bytes(Map.of("error", message == null ? "" : message)));
        }
    }

    private static void send(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
