package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;
import org.nonid.testkit.DistributionHarness;

/** The test kit's harness, as a plugin author's own integration test uses it: the built distribution with their jar. */
public class DistributionHarnessIT {

    @Test
    public void theHarnessRunsCommandsInTheDistributionWithTheAuthorsPluginAndTouchesNothingOfIt() throws Exception {
        Path work = Runtime.freshWork("distribution-harness-it");
        Path jar = PluginProjects.example(work);
        DistributionHarness nonid = DistributionHarness.of(Runtime.home()).plugin(jar);

        DistributionHarness.Result r = nonid.run(work.resolve("run"),
                "nonid:plugins; nonid:train -n 20 -m +b-excess aNb2N bigram maxLength=12 lr=0.05", 300);
        assertEquals(r.output(), 0, r.exitCode());
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("language +aNb2N +com\\.example\\.nonid\\.plugin .*")));
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("RUN .* B EXCESS +B EXCESS \\(MIN\\) *")));
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("1 +mle +finished .*")));
        assertTrue("the test's own data folder", Files.isRegularFile(work.resolve("run/data/runs.db")));
        try (var installed = Files.list(Runtime.home().resolve("plugins"))) {
            assertFalse("the installation's plugins folder is untouched",
                    installed.anyMatch(p -> p.getFileName().equals(jar.getFileName())));
        }

        DistributionHarness.Result refused = nonid.run(work.resolve("run"), "nonid:train -n 5 aNb2N nosuchfamily", 300);
        assertEquals(refused.output(), 1, refused.exitCode());
        assertTrue(refused.output(), refused.output().contains("unknown model family 'nosuchfamily'; known model families: "));
    }

    @Test
    public void aFolderThatIsNoDistributionSaysWhatToGive() throws Exception {
        Path empty = Runtime.freshWork("distribution-harness-empty");
        IllegalStateException e = org.junit.Assert.assertThrows(IllegalStateException.class, () -> DistributionHarness.of(empty));
        assertTrue(e.getMessage(), e.getMessage().endsWith("is no built NonID distribution (no bin/nonid or bundle/): give the"
                + " runtime/ folder of a NonID checkout after mvn install"));
    }
}
