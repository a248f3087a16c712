package org.nonid.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.nonid.api.measure.MetricInfo;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboard under {@value #PATH}: the page and its script from the bundle, and
 * {@code api/runs}, the recorded runs as JSON with the columns their measures list. Nothing is
 * loaded from the internet.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + DashboardServlet.PATH + "/*",
    "osgi.http.whiteboard.servlet.name=nonid-dashboard"})
public final class DashboardServlet extends HttpServlet {
    static final String PATH = "/nonid";
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html",
            "/runs.js", "runs.js", "/style.css", "style.css");

    private final transient RunStore store;
    private final transient PluginCatalog catalog;

    @Activate
    public DashboardServlet(@Reference RunStore store, @Reference PluginCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/api/runs")) {
            List<RunsJson.Row> rows = rows();
            send(response, "application/json", RunsJson.write(rows, columns(rows)).getBytes(StandardCharsets.UTF_8));
            return;
        }
        String page = PAGES.get(path);
        if (page == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page " + path);
            return;
        }
        try (InputStream in = DashboardServlet.class.getResourceAsStream("/web/" + page)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page " + path);
                return;
            }
            send(response, page.endsWith(".html") ? "text/html" : page.endsWith(".css") ? "text/css"
                    : "text/javascript", in.readAllBytes());
        }
    }

    private List<RunsJson.Row> rows() {
        List<RunsJson.Row> rows = new ArrayList<>();
        for (RunRecord r : store.runs()) {
            Object config = new Yaml().load(r.configJson());
            Map<?, ?> map = config instanceof Map<?, ?> m ? m : Map.of();
            String condition = map.get("condition") instanceof Map<?, ?> c && c.get("name") != null
                    ? c.get("name").toString() : "mle";
            List<String> measures = map.get("measures") instanceof List<?> names
                    ? names.stream().map(String::valueOf).toList() : List.of();
            rows.add(new RunsJson.Row(r, condition, measures, store.tags(r.id()), store.summary(r.id())));
        }
        return rows;
    }

    /** The columns the runs' measures list for run lists, at the best validation step. */
    private List<MetricInfo.Column> columns(List<RunsJson.Row> rows) {
        Set<String> measures = new LinkedHashSet<>();
        rows.forEach(r -> measures.addAll(r.measures()));
        return catalog.measureMetrics(measures, MetricInfo.Role.LISTED).stream()
                .map(m -> m.column(MetricInfo.Summary.AT_BEST_VALIDATION)).toList();
    }

    private static void send(HttpServletResponse response, String type, byte[] body) throws IOException {
        response.setContentType(type + "; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
