package org.nonid.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in a real browser against the distribution (bin/nonid in its own process): a run's
 * curve that grows while it trains, the runs table, compare, an experiment with its report, run
 * management from the page, and the server's guards. Screenshots go to target/screenshots.
 */
public class DashboardIT {
    private static final String NAME = "dashboard-it";
    private static final long TRAINING = 3;

    private static Path data;
    private static Process runtime;
    private static Path log;
    private static String base;
    private static Browser browser;

    @BeforeClass
    public static void startRuntimeAndBrowser() throws Exception {
        data = Runtime.freshWork(NAME);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/nonid/";
        Path experiment = data.resolve("web-exp.yaml");
        Files.writeString(experiment, String.join("\n", "name: web-exp", "language: {name: aNbN, maxLength: 8}",
                "model: {family: linear, embedding: 8}", "training: {steps: 40, batchSize: 0}",
                "evaluation: {every: 10, promptLength: 4}", "seeds: [1, 2]", ""));
        log = data.resolve("runtime.log");
        // runs 1 and 2 by the experiment; run 3 trains long enough for the browser to watch it
        // the dashboard opened at start by NONID_WEB_PORT (WebIT covers nonid:web)
        ProcessBuilder launcher = Runtime.launcher(data, "-c", "nonid:run " + experiment
                + "; nonid:train -s 3 -n 4000000 aNbN linear maxLength=8 evaluation.every=500");
        launcher.environment().put("NONID_WEB_PORT", Integer.toString(port));
        runtime = launcher.redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!answers("api/runs", "\"id\":" + TRAINING + ",")) {
            if (System.nanoTime() > deadline || !runtime.isAlive()) {
                throw new AssertionError("run " + TRAINING + " did not start: " + Files.readString(log));
            }
            Thread.sleep(300);
        }
        browser = new Browser(data.resolve("chromium"));
        assertTrue(Files.readString(log).contains("dashboard: " + base + " (this machine only)"));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (runtime != null) {
            runtime.destroy();
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
            }
        }
    }

    @Test
    public void theRunPageCurveGainsPointsWithoutAReload() throws Exception {
        browser.driver.get(base + "run.html?id=" + TRAINING);
        browser.script("window.sameDocument = 'yes';");
        int first = browser.await(60, d -> trainLossPoints());
        int later = browser.await(60, d -> {
            Integer now = trainLossPoints();
            return now != null && now > first ? now : null;
        });
        assertTrue(first + " then " + later, later > first);
        assertEquals("the page was not reloaded", "yes", browser.script("return window.sameDocument;"));
        assertTrue(browser.driver.findElement(By.id("live")).isDisplayed());
        assertEquals("running", browser.driver.findElement(By.id("status")).getText());
        browser.screenshot("run-live");
    }

    @Test
    public void theRunsTableSortsAndFilters() throws Exception {
        browser.driver.get(base);
        browser.await(30, ExpectedConditions.textToBe(By.id("count"), "3 of 3 runs"));
        browser.driver.findElement(By.cssSelector("th[data-key='seed']")).click();
        browser.driver.findElement(By.cssSelector("th[data-key='seed']")).click();
        assertEquals(List.of("run-3", "run-2", "run-1"), rowIds());
        browser.driver.findElement(By.cssSelector("th[data-key='id']")).click();
        assertEquals(List.of("run-1", "run-2", "run-3"), rowIds());
        browser.driver.findElement(By.id("filter")).sendKeys("running");
        assertEquals(List.of("run-" + TRAINING), rowIds());
        assertEquals("1 of 3 runs", browser.driver.findElement(By.id("count")).getText());
        browser.screenshot("runs-filtered");
    }

    @Test
    public void compareShowsTwoRunsCurvesAndTheirConfigurationDiff() throws Exception {
        browser.driver.get(base);
        browser.await(30, ExpectedConditions.textToBe(By.id("count"), "3 of 3 runs"));
        browser.driver.findElement(By.cssSelector("#run-1 input.pick")).click();
        browser.driver.findElement(By.cssSelector("#run-" + TRAINING + " input.pick")).click();
        browser.driver.findElement(By.id("compare")).click();
        browser.await(30, ExpectedConditions.urlContains("compare.html?ids=1," + TRAINING));
        By lines = By.cssSelector("figure[data-key='val/loss'] polyline");
        List<WebElement> curves = browser.await(30, d -> d.findElements(lines).size() == 2 ? d.findElements(lines) : null);
        assertEquals("run 1", curves.get(0).getAttribute("data-series"));
        assertEquals("run " + TRAINING, curves.get(1).getAttribute("data-series"));
        assertTrue(Integer.parseInt(curves.get(0).getAttribute("data-count")) >= 4);
        String diff = browser.driver.findElement(By.id("diff")).getText();
        assertTrue(diff, diff.contains("experiment web-exp shell"));
        assertTrue(diff, diff.contains("evaluation.every 10 500"));
        assertTrue(diff, diff.contains("training.steps 40 4000000"));
        assertTrue(diff, diff.contains("seed 1 3"));
        assertTrue("same settings are left out: " + diff, !diff.contains("language.name"));
        browser.screenshot("compare");
    }

    @Test
    public void anExperimentShowsEachSeedItsMeanAndItsReport() throws Exception {
        browser.driver.get(base + "experiments.html");
        browser.await(30, d -> d.findElement(By.cssSelector("#experiment-web-exp a"))).click();
        WebElement mean = browser.await(30, d -> d.findElement(By.cssSelector("#trials tr.mean")));
        List<String> cells = mean.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(cells.toString(), List.of("mean", "2 seeds", "aNbN · linear · mle"), List.of(cells.get(1), cells.get(3),
                cells.get(4)));
        assertEquals("test loss", browser.driver.findElements(By.cssSelector("#trials th")).get(6).getText());
        By valLoss = By.cssSelector("figure[data-key='val/loss'] polyline");
        List<String> series = browser.await(30, d -> d.findElements(valLoss).size() == 3 ? d.findElements(valLoss) : null)
                .stream().map(e -> e.getAttribute("data-series")).toList();
        assertEquals(List.of("aNbN · linear · mle · seed 1", "aNbN · linear · mle · seed 2", "aNbN · linear · mle · mean"),
                series);
        browser.driver.findElement(By.id("write-report")).click();
        WebElement report = browser.await(120, d -> d.findElement(By.id("report")).isDisplayed() ? d.findElement(By.id("report")) : null);
        HttpResponse<String> page = get(report.getAttribute("href").substring(base.length()));
        assertEquals(200, page.statusCode());
        assertTrue(page.body(), page.body().contains("<h1>web-exp</h1>"));
        // the page's mean of test loss is the report's, to the digits both print
        String testLoss = cells.get(6);
        HttpResponse<String> summary = get("reports/web-exp/summary.json");
        Matcher m = Pattern.compile("\"test_loss\"\\s*:\\s*\\{[^}]*\"mean\"\\s*:\\s*([0-9.eE+-]+)").matcher(summary.body());
        assertTrue(summary.body(), m.find());
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(m.group(1))), testLoss);
        // and the shell's closing table of the same experiment (nonid:run printed it)
        String closing = Files.readString(log).lines().filter(l -> l.startsWith("mean±sd")).findFirst().orElseThrow();
        Matcher shell = Pattern.compile("(\\d+\\.\\d{4})±").matcher(closing);
        assertTrue(closing, shell.find());
        assertEquals("the web and the shell show the same mean test loss", shell.group(1), testLoss);
        browser.screenshot("experiment");
    }

    @Test
    public void userTextIsShownAsTextAndTagsAndNotesAreSavedFromThePage() throws Exception {
        String note = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> & more";
        browser.driver.get(base + "run.html?id=1");
        browser.await(30, ExpectedConditions.textToBe(By.id("status"), "finished"));
        browser.driver.findElement(By.id("new-tag")).sendKeys("from-web");
        browser.driver.findElement(By.id("add-tag")).click();
        browser.await(30, ExpectedConditions.textToBePresentInElementLocated(By.id("tags"), "from-web"));
        WebElement box = browser.driver.findElement(By.id("note"));
        box.clear();
        box.sendKeys(note);
        browser.driver.findElement(By.id("save-note")).click();
        browser.await(30, ExpectedConditions.textToBe(By.id("note-saved"), "saved"));
        browser.driver.navigate().refresh();
        browser.await(30, ExpectedConditions.textToBe(By.id("status"), "finished"));
        WebElement shown = browser.await(30, d -> d.findElement(By.id("note-text")));
        assertEquals(note, shown.getText());
        assertTrue(shown.findElements(By.tagName("img")).isEmpty());
        assertNull("no user text ran as script", browser.script("return window.pwned;"));
        assertTrue(browser.driver.findElement(By.id("tags")).getText().contains("from-web"));
        // completions of the finished run, with a verdict per rule
        WebElement ood = browser.await(120, d -> d.findElements(By.cssSelector("table.completions")).size() == 2
                ? d.findElements(By.cssSelector("table.completions")).get(1) : null);
        assertTrue(ood.getText(), ood.findElement(By.tagName("thead")).getText().contains("R1"));
        assertTrue(ood.findElements(By.cssSelector("tbody tr")).size() > 0);
        browser.screenshot("run-finished");
        HttpResponse<String> runs = get("api/runs");
        assertTrue(runs.body(), runs.body().contains("\"tags\":[\"from-web\"]"));
    }

    @Test
    public void deletingARunningRunFromThePageIsRefused() throws Exception {
        browser.driver.get(base + "run.html?id=" + TRAINING);
        browser.await(30, ExpectedConditions.textToBe(By.id("status"), "running"));
        browser.driver.findElement(By.id("delete")).click();
        Alert confirm = browser.await(10, ExpectedConditions.alertIsPresent());
        confirm.accept();
        WebElement problem = browser.await(30, d -> d.findElement(By.id("problem")).isDisplayed() ? d.findElement(By.id("problem")) : null);
        assertTrue(problem.getText(), problem.getText().contains("running"));
        assertTrue(get("api/runs/" + TRAINING).statusCode() == 200);
    }

    @Test
    public void changesNeedTheSessionTokenAndRequestsForOtherHostsAreRefused() throws Exception {
        HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String noteBody = "{\"note\":\"kept\"}";
        assertEquals(403, post(session, "api/runs/2/note", noteBody, null, null).statusCode());
        String token = session.send(HttpRequest.newBuilder(URI.create(base + "api/session")).build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1").trim();
        HttpResponse<String> wrong = post(session, "api/runs/2/note", noteBody, token + "x", null);
        assertEquals(wrong.body(), 403, wrong.statusCode());
        HttpResponse<String> elsewhere = post(session, "api/runs/2/note", noteBody, token, "http://evil.example");
        assertEquals(elsewhere.body(), 403, elsewhere.statusCode());
        HttpResponse<String> otherSession = post(HttpClient.newHttpClient(), "api/runs/2/note", noteBody, token, null);
        assertEquals("a token is good for its own session only", 403, otherSession.statusCode());
        HttpResponse<String> ok = post(session, "api/runs/2/note", noteBody, token, null);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertTrue(get("api/runs/2").body().contains("\"note\":\"kept\""));
        HttpResponse<String> refused = session.send(HttpRequest.newBuilder(URI.create(base + "api/runs/" + TRAINING))
                .header("X-NonID-Token", token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(refused.body(), 409, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("running"));

        String rebound = raw("GET /nonid/api/runs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(rebound, rebound.startsWith("HTTP/1.1 403"));
        assertTrue(rebound, rebound.contains("answers requests for 127.0.0.1 or localhost only"));

        HttpResponse<byte[]> checkpoint = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "api/runs/1/checkpoint")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, checkpoint.statusCode());
        assertTrue(checkpoint.headers().firstValue("Content-Disposition").orElse("").contains("run-1-best.ckpt"));
        assertArrayEquals("the checkpoint's magic", new byte[] {'N', 'O', 'I', 'D'},
                java.util.Arrays.copyOf(checkpoint.body(), 4));
    }

    /** Whether the address answers with that text (false while the server is not up yet). */
    private static boolean answers(String path, String text) throws InterruptedException {
        try {
            return get(path).body().contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The points of the run page's train-loss line, read in one script call (the chart redraws as
     * points arrive, so an element found first may be gone when asked), or null before there are two.
     */
    private static Integer trainLossPoints() {
        Object count = browser.script("const line = document.querySelector(\"figure[data-key='train/loss'] polyline\");"
                + " return line === null ? null : line.getAttribute('data-count');");
        return count == null || Integer.parseInt(count.toString()) < 2 ? null : Integer.parseInt(count.toString());
    }

    private static List<String> rowIds() {
        return browser.driver.findElements(By.cssSelector("#runs tbody tr")).stream().map(e -> e.getAttribute("id")).toList();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, String path, String body, String token, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-NonID-Token", token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request written by hand, for headers the HTTP client will not set (Host). */
    private static String raw(String request) throws IOException {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
