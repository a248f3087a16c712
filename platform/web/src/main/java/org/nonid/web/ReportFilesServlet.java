package org.nonid.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The files of experiments' reports under {@value #PATH}{@code /NAME/FILE}, from the folder where
 * {@code nonid:report} writes them ({@code <data>/experiments/NAME}); nothing outside it.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + ReportFilesServlet.PATH + "/*",
    "osgi.http.whiteboard.servlet.name=nonid-reports"})
public final class ReportFilesServlet extends HttpServlet {
    static final String PATH = DashboardServlet.PATH + "/reports";
    static final String PAGE = "report.html";
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "csv", "text/csv; charset=utf-8", "json", "application/json; charset=utf-8");

    private final transient RunStore store;

    @Activate
    public ReportFilesServlet(@Reference RunStore store) {
        this.store = store;
    }

    /** Where an experiment's report is written. */
    static Path directory(RunStore store, String experiment) {
        return store.dataDirectory().resolve("experiments").resolve(experiment);
    }

    /** The address of an experiment's report page, relative to the dashboard's pages. */
    static String address(String experiment) {
        return "reports/" + URLEncoder.encode(experiment, StandardCharsets.UTF_8).replace("+", "%20") + "/" + PAGE;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        if (!path.startsWith("/") || slash < 0) {
            ApiServlet.error(response, 404, "give a report's file as reports/EXPERIMENT/FILE");
            return;
        }
        String experiment = path.substring(1, slash);
        String name = path.substring(slash + 1);
        if (store.experiment(experiment).isEmpty() || !name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".")) {
            ApiServlet.error(response, 404, "no report file " + path);
            return;
        }
        Path file = directory(store, experiment).resolve(name);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (!Files.isRegularFile(file) || !TYPES.containsKey(extension)) {
            ApiServlet.error(response, 404, "no report file " + path + " (write the report first)");
            return;
        }
        response.setContentType(TYPES.get(extension));
        response.setHeader("Cache-Control", "no-store");
        response.setContentLengthLong(Files.size(file));
        Files.copy(file, response.getOutputStream());
    }
}
