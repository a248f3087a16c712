package org.nonid.web;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.config.ConfigException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code nonid:web}: opens the dashboard's HTTP listener on 127.0.0.1 (the runtime starts without
 * one) through the HTTP service's configuration ({@value #HTTP_PID}).
 */
@Component(service = WebCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=web"})
public final class WebCommands {
    static final String HTTP_PID = "org.apache.felix.http";
    static final String HOST = "127.0.0.1";
    /** What the dashboard's page says, to tell it from another program on the port. */
    static final String PAGE_TITLE = "<title>NonID runs</title>";

    private final ConfigurationAdmin configurations;

    @Activate
    public WebCommands(@Reference ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Descriptor("open the dashboard on 127.0.0.1 and print its address")
    public String web(@Descriptor("port (1024-65535)") @Parameter(names = {"-p", "--port"}, absentValue = "8741") int port)
            throws IOException {
        if (port < 1024 || port > 65535) {
            throw new ConfigException("-p/--port: " + port + " is not a port from 1024 to 65535");
        }
        Configuration http = configurations.getConfiguration(HTTP_PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("org.apache.felix.http.enable", true);
        properties.put("org.apache.felix.http.host", HOST);
        properties.put("org.osgi.service.http.port", port);
        http.update(properties);
        if (!listening(port, 10)) {
            throw new ConfigException("the dashboard did not start on " + HOST + ":" + port + " within 10 s: is the port"
                    + " in use? give another with -p");
        }
        return "dashboard: http://" + HOST + ":" + port + DashboardServlet.PATH + "/ (this machine only)";
    }

    /**
     * Whether this dashboard answers on the port within that many seconds (the HTTP service restarts
     * in the background); another program on the port does not serve its page.
     */
    private static boolean listening(int port, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://" + HOST + ":" + port
                        + DashboardServlet.PATH + "/").openConnection();
                c.setConnectTimeout(300);
                c.setReadTimeout(1000);
                try (java.io.InputStream in = c.getInputStream()) {
                    if (c.getResponseCode() == 200
                            && new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains(PAGE_TITLE)) {
                        return true;
                    }
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                // not (yet) ours
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
