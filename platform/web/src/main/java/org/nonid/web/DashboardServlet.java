package org.nonid.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The dashboard's pages under {@value #PATH}: HTML, scripts and style from the bundle; they read
 * everything else from {@link ApiServlet}. Nothing is loaded from the internet.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + DashboardServlet.PATH + "/*",
    "osgi.http.whiteboard.servlet.name=nonid-dashboard"})
public final class DashboardServlet extends HttpServlet {
    static final String PATH = "/nonid";
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html", "js", "text/javascript",
            "css", "text/css");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null || request.getPathInfo().equals("/") ? "/index.html"
                : request.getPathInfo();
        String page = path.substring(1);
        String type = TYPES.get(page.substring(page.lastIndexOf('.') + 1));
        if (type == null || !page.matches("[a-z]+\\.[a-z]+")) {
            ApiServlet.error(response, 404, "no page " + path);
            return;
        }
        try (InputStream in = DashboardServlet.class.getResourceAsStream("/web/" + page)) {
            if (in == null) {
                ApiServlet.error(response, 404, "no page " + path);
                return;
            }
            byte[] body = in.readAllBytes();
            response.setContentType(type + "; charset=utf-8");
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
