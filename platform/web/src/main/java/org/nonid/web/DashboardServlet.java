package org.nonid.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboard under {@value #PATH}: the page and its script from the bundle, and
 * {@code api/runs}, the recorded runs as JSON. Nothing is loaded from the internet.
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

    @Activate
    public DashboardServlet(@Reference RunStore store) {
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/api/runs")) {
            send(response, "application/json", RunsJson.write(rows()).getBytes(StandardCharsets.UTF_8));
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
            rows.add(new RunsJson.Row(r, condition(r.configJson()), store.tags(r.id()), store.summary(r.id())));
        }
        return rows;
    }

    /** The condition's name in a run's configuration, mle when it names none. */
    static String condition(String configJson) {
        Object config = new Yaml().load(configJson);
        if (config instanceof Map<?, ?> map && map.get("condition") instanceof Map<?, ?> condition
                && condition.get("name") != null) {
            return condition.get("name").toString();
        }
        return "mle";
    }

    private static void send(HttpServletResponse response, String type, byte[] body) throws IOException {
        response.setContentType(type + "; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
