package org.nonid.itests;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.report.ReportService;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What the plugin guide says, done: the example plugin project built on its own against the
 * installed API, its jar dropped into a running runtime's plugins folder, its three plugins listed,
 * a short run with its language and model family, its measure in the closing table and the report.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExamplePluginIT {
    private static final String NAME = "example-plugin-it";

    @Inject
    private PluginCatalog catalog;

    @Inject
    private ReportService reports;

    @Inject
    private CommandProcessor processor;

    @Configuration
    public Option[] config() throws Exception {
        // a jar left by an earlier, failed run of this test would be there before the test drops its own
        Files.deleteIfExists(Runtime.work(NAME).resolve("plugins/plugin-example.jar"));
        return Runtime.options(NAME).toArray(new Option[0]);
    }

    @Test
    public void theExamplePluginBuildsDeploysTrainsAndItsMeasureShowsEverywhere() throws Exception {
        Path jar = ExamplePluginBuild.build(Runtime.work(NAME));
        Path plugins = Files.createDirectories(Runtime.work(NAME).resolve("plugins"));
        Files.copy(jar, plugins.resolve("plugin-example.jar"), StandardCopyOption.REPLACE_EXISTING);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (catalog.list().stream().filter(p -> List.of("aNb2N", "bigram", "b-excess").contains(p.name())).count() < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the example's plugins did not appear:\n" + Runtime.shell(processor, "nonid:plugins"));
            }
            Thread.sleep(200);
        }

        String listing = Runtime.shell(processor, "nonid:plugins");
        for (String line : List.of("language +aNb2N +com\\.example\\.nonid\\.plugin +1\\.0\\.0 .*",
                "model family +bigram +com\\.example\\.nonid\\.plugin .*",
                "measure +b-excess +com\\.example\\.nonid\\.plugin .*")) {
            assertTrue(line + " in\n" + listing, listing.lines().anyMatch(l -> l.matches(line)));
        }
        assertFalse(listing, listing.contains("\nproblems:"));

        String trained = Runtime.shell(processor, "nonid:train -n 60 -m +b-excess aNb2N bigram maxLength=12 lr=0.05");
        String header = trained.lines().filter(l -> l.startsWith("RUN ")).findFirst().orElseThrow(() -> new AssertionError(trained));
        assertTrue(trained, header.matches("RUN +CONDITION +STATUS +TEST LOSS +BAYES BOUND +GAP +ID R1 +OOD R1 +OOD R1 \\(MAX\\)"
                + " +B EXCESS +B EXCESS \\(MIN\\) *"));
        String row = trained.lines().filter(l -> l.matches("\\d+ +mle +finished .*")).findFirst()
                .orElseThrow(() -> new AssertionError(trained));
        String[] cells = row.trim().split(" +");
        assertTrue(row, cells[cells.length - 1].matches("\\d+\\.\\d{4}") && cells[cells.length - 2].matches("\\d+\\.\\d{4}"));

        Path experiment = jar.getParent().getParent().resolve("anb2n-bigram.yaml");
        String ran = Runtime.shell(processor, "nonid:run " + experiment);
        assertTrue(ran, ran.lines().filter(l -> l.matches("\\d+ +mle +finished .*")).count() == 2);
        Path report = reports.write("anb2n-bigram", Runtime.work(NAME).resolve("report")).stream()
                .filter(f -> f.getFileName().toString().equals("report.html")).findFirst().orElseThrow();
        String html = Files.readString(report);
        assertTrue(html, html.contains("<th>b excess</th>") && html.contains("<th>b excess (min)</th>"));

        long run = Long.parseLong(cells[0]);
        String compared = Runtime.shell(processor, "nonid:compare " + run);
        assertTrue(compared, compared.lines().anyMatch(l -> l.matches("min/ood/b_excess +\\d+\\.\\d+.*")));
        Files.delete(plugins.resolve("plugin-example.jar"));
    }
}
