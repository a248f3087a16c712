package org.nonid.web;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * In front of every dashboard address: refuses requests for another host name ({@link Guard}) and
 * tells the browser to run only the dashboard's own scripts and never to frame it.
 */
@Component(service = Filter.class, property = {
    "osgi.http.whiteboard.filter.pattern=" + DashboardServlet.PATH + "/*",
    "osgi.http.whiteboard.filter.name=nonid-host"})
public final class HostFilter implements Filter {

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        try {
            Guard.checkHost(http);
        } catch (ApiError e) {
            ApiServlet.error(answer, e.status(), e.getMessage());
            return;
        }
        answer.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline';"
                + " img-src 'self' data:; frame-ancestors 'none'");
        answer.setHeader("X-Content-Type-Options", "nosniff");
        answer.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
    }
}
