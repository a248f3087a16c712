package org.nonid.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunSpec;
import org.nonid.api.run.RunStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The dashboard: no listener until nonid:web, then on 127.0.0.1 only; its runs page in a real browser. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebIT {
    private static final String NAME = "web-it";

    @Inject
    private CommandProcessor processor;

    @Inject
    private ExperimentService experiments;

    @Inject
    private RunStore store;

    @Configuration
    public Option[] config() {
        Runtime.freshWork(NAME);
        return Runtime.options(NAME).toArray(new Option[0]);
    }

    @Test
    public void theRunsPageShowsTheRecordedRunsInABrowser() throws Exception {
        int port = freePort();
        assertFalse("no listener before nonid:web", accepts("127.0.0.1", port));
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            String refused;
            try {
                refused = Runtime.shell(processor, "nonid:web -p " + busy.getLocalPort());
            } catch (IllegalArgumentException e) {
                refused = e.getMessage();
            }
            assertTrue(refused, refused.contains("the dashboard did not start on 127.0.0.1:" + busy.getLocalPort()
                    + " within 10 s: is the port in use? give another with -p"));
        }
        String opened = Runtime.shell(processor, "nonid:web -p " + port);
        String url = "http://127.0.0.1:" + port + "/nonid/";
        assertTrue(opened, opened.contains("dashboard: " + url + " (this machine only)"));
        waitUntil(() -> accepts("127.0.0.1", port), "the listener on port " + port);
        assertFalse("bound to 127.0.0.1 only (127.0.0.2 is another loopback address)", accepts("127.0.0.2", port));

        RunSpec spec = new RunSpec("web", 0, "aNbN", Map.of("maxLength", 8), "linear", Map.of("embedding", 4),
                Map.of("steps", 10, "batchSize", 0), Map.of("every", 5, "promptLength", 4), "mle", Map.of(),
                List.of("loss", "rule-extrapolation"), 2, "cpu");
        RunHandle handle = experiments.start(spec, p -> { });
        handle.await(120, TimeUnit.SECONDS).orElseThrow();
        store.tag(handle.runId(), List.of("web-check"));

        HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/runs"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(json.body(), json.statusCode() == 200 && json.body().contains("\"id\":" + handle.runId())
                && json.body().contains("\"language\":\"aNbN\"") && json.body().contains("\"tags\":[\"web-check\"]")
                && json.body().startsWith("{\"columns\":[{\"key\":\"best/test/loss\",\"label\":\"test loss\",\"format\":\"NUMBER\"},"
                        + "{\"key\":\"best/ood/rule_1_accuracy\",\"label\":\"OOD R1\",\"format\":\"NUMBER\"}]"));

        String dom = browser(url);
        assertTrue(dom, dom.contains("<tr id=\"run-" + handle.runId() + "\" class=\"finished\">"));
        assertTrue(dom, dom.contains("<td>aNbN</td><td>linear</td><td>mle</td><td>finished</td><td>10</td>"));
        assertTrue(dom, dom.contains("<td>web-check</td>"));
        assertTrue("the measures' listed columns head the table: " + dom, dom.contains(
                "<th data-key=\"best/test/loss\">test loss</th><th data-key=\"best/ood/rule_1_accuracy\">OOD R1</th>"));
        assertTrue(dom, dom.contains("1 of 1 runs"));
    }

    /** The page after its scripts ran, as headless Chromium (Debian's chromium) renders it. */
    private static String browser(String url) throws IOException, InterruptedException {
        Path out = Files.createTempFile(Runtime.work(NAME), "dom", ".html");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + Runtime.work(NAME).resolve("chromium"), "--virtual-time-budget=10000",
                "--dump-dom", url).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue("chromium did not end in time", p.waitFor(120, TimeUnit.SECONDS));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
