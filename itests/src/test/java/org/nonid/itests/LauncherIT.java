package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The launcher as users and scripts run it: bin/nonid in its own process. */
public class LauncherIT {

    /** A finished process: exit status and everything it printed. */
    private record Result(int status, String output) {
    }

    private static ProcessBuilder nonid(Path data, String... args) {
        return Runtime.launcher(data, args);
    }

    private static Result run(Path data, String... args) throws Exception {
        Path log = Files.createTempFile(data, "nonid", ".log");
        Process p = nonid(data, args).redirectOutput(log.toFile()).start();
        assertTrue("bin/nonid did not end in time", p.waitFor(240, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path experiment(Path dir, String name, String model) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n",
                "name: " + name,
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, " + model + "}",
                "training: {steps: 30, batchSize: 0, warmup: 5}",
                "evaluation: {every: 10, promptLength: 4}",
                "seeds: [1, 2]",
                ""));
        return file;
    }

    @Test
    public void runsAreTaggedAnnotatedFilteredAndDeletedOnlyWhenConfirmed() throws Exception {
        Path data = Runtime.freshWork("launcher-manage");
        assertEquals(0, run(data, "-c", "nonid:train -n 5 aNbN linear maxLength=8").status());
        Result managed = run(data, "-c", "nonid:tag 1 baseline p1; nonid:note 1 first try; nonid:runs -f tag=baseline;"
                + " nonid:show 1");
        assertEquals(managed.output(), 0, managed.status());
        assertTrue(managed.output(), managed.output().contains("run 1: baseline, p1"));
        assertTrue(managed.output(), managed.output().lines().anyMatch(l -> l.matches("ID +EXPERIMENT .* CONDITION .* TAGS +STARTED *")));
        assertTrue(managed.output(), managed.output().lines().anyMatch(l -> l.matches("1 +shell .* mle .* baseline,p1 .*")));
        assertTrue(managed.output(), managed.output().contains("note:        first try"));

        // no terminal to answer: nothing is deleted
        Path log = Files.createTempFile(data, "delete", ".log");
        Process asked = nonid(data, "-c", "nonid:delete 1").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile()).start();
        assertTrue(asked.waitFor(240, TimeUnit.SECONDS));
        String question = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(question, question.contains("delete run 1 (shell trial 0, finished) with history, checkpoints and completions? [y/N]"));
        assertTrue(question, question.contains("nothing deleted (answer y, or give -y)"));
        assertTrue(run(data, "-c", "nonid:runs").output().lines().anyMatch(l -> l.startsWith("1 ")));

        Result deleted = run(data, "-c", "nonid:delete -y 1; nonid:runs");
        assertEquals(deleted.output(), 0, deleted.status());
        assertTrue(deleted.output(), deleted.output().contains("deleted run 1"));
        assertTrue(deleted.output(), deleted.output().contains("no runs recorded in "));
        Result gone = run(data, "-c", "nonid:show 1");
        assertEquals(gone.output(), 1, gone.status());
        assertTrue(gone.output(), gone.output().contains("no run 1"));
    }

    @Test
    public void aCommandRunsHeadlessAndExits() throws Exception {
        Path data = Runtime.freshWork("launcher-plugins");
        Result r = run(data, "-c", "nonid:plugins");
        assertEquals(r.output(), 0, r.status());
        assertFalse("the JVM's incubator notice stays off the terminal: " + r.output(),
                r.output().contains("WARNING: Using incubator modules"));
        assertTrue(r.output(), r.output().contains("transformer") && r.output().contains("aNbN"));
        Result help = run(data, "-c", "nonid:help train");
        assertEquals(help.output(), 0, help.status());
        assertTrue("help COMMAND shows its options: " + help.output(),
                help.output().contains("-n, --steps   optimizer steps (same as training.steps=N)"));
        Result model = run(data, "-c", "nonid:model transformer");
        assertEquals(model.output(), 0, model.status());
        assertTrue(model.output(), model.output().lines().anyMatch(l -> l.matches("dModel +10 +\\[1, 65536\\] +model width d")));
        assertTrue(model.output(), model.output().lines().anyMatch(l -> l.matches(" +lr +0\\.002 +\\[1e-12, 10\\] +peak learning rate")));
        Result bad = run(data, "-c", "nonid:language anbn");
        assertEquals(bad.output(), 1, bad.status());
        assertTrue(bad.output(), bad.output().contains("unknown language 'anbn'; known languages: abN, aNbM, aNbN, aNbNaN, aNbNcN, baN, bbaN,"
                + " csDyck, dyck, icl, parentheses"));
        Result refused = run(data, "-c", "nonid:train dyck mamba maxLength=33 dState=0");
        assertEquals(refused.output(), 1, refused.status());
        assertTrue(refused.output(), refused.output().contains("maxLength = 33 must be even (words have 2l symbols)"));
        assertTrue(refused.output(), refused.output().contains("model.dState = 0: must be [1, 1024]"));
        assertTrue("a refused run records nothing", query(data, "SELECT COUNT(*) FROM runs") == 0);
    }

    @Test
    public void anExperimentFileRunsHeadlessAndItsFailuresSetTheExitStatus() throws Exception {
        Path data = Runtime.freshWork("launcher-run");
        Path good = experiment(data, "good", "dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0");
        Result ok = run(data, "run", good.toString());
        assertEquals(ok.output(), 0, ok.status());
        assertTrue(ok.output(), ok.output().contains("experiment good: 2 runs"));
        assertTrue(ok.output(), ok.output().contains("mean±sd"));

        Path bad = experiment(data, "bad", "dModel: 8, heads: 3");
        Result refused = run(data, "run", bad.toString());
        assertNotEquals(0, refused.status());
        assertTrue(refused.output(), refused.output().contains("model: heads = 3 does not divide dModel = 8"));

        Result overridden = run(data, "run", good.toString(), "training.lr=-1");
        assertNotEquals(0, overridden.status());
        assertTrue(overridden.output(), overridden.output().contains("training.lr = -1: must be [1e-12, 10]"));

        Result listing = run(data, "-c", "nonid:runs");
        assertEquals(2, listing.output().lines().filter(l -> l.contains(" good ") && l.contains("finished")).count());
        assertTrue("refused experiments record nothing", listing.output().lines().noneMatch(l -> l.contains(" bad ")));
    }

    @Test
    public void argumentsReachTheCommandAsTheyAreAndCannotInjectShellCommands() throws Exception {
        Path data = Runtime.freshWork("launcher-injection");
        Path good = experiment(data, "plain", "dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0");
        Result injected = run(data, "run", good.toString(), "training.steps=2", "name=b'", "; lb // x");
        assertNotEquals(injected.output(), 0, injected.status());
        assertTrue(injected.output(), injected.output().contains("override '; lb // x' is not of the form key=value"));
        assertTrue("lb did not run: " + injected.output(), !injected.output().contains("org.apache.felix.framework")
                && !injected.output().contains("START LEVEL"));
        Result quoted = run(data, "run", good.toString(), "training.steps=2", "seeds=[5]", "description=it's a test");
        assertEquals(quoted.output(), 0, quoted.status());
        assertTrue(quoted.output(), quoted.output().contains("experiment plain: 1 run"));
        Result path = run(data, "run", good.toString(), "name=../../x");
        assertEquals(path.output(), 1, path.status());
        assertTrue(path.output(), path.output().contains("name '../../x' is not an experiment name"));
        Path folder = Files.createDirectories(data.resolve("out"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        Result refused = run(data, "-c", "nonid:report -o " + folder + " plain");
        assertEquals(refused.output(), 1, refused.status());
        assertTrue(refused.output(), refused.output().contains("is not empty: its files would be overwritten"));
        assertEquals("mine", Files.readString(folder.resolve("keep.txt")));
        Result forced = run(data, "-c", "nonid:report --force -o " + folder + " plain");
        assertEquals(forced.output(), 0, forced.status());
    }

    @Test
    public void numbersAreStrictAndAFailedRunFailsItsCommand() throws Exception {
        Path data = Runtime.freshWork("launcher-strict");
        String tiny = "aNbN transformer maxLength=8 dModel=8 heads=2 layers=1 feedForward=16";
        Result trial = run(data, "run", "--trial", "-7", Runtime.home().getParent().resolve("examples/p1-functional.yaml")
                .toString());
        assertEquals(trial.output(), 1, trial.status());
        assertTrue(trial.output(), trial.output().contains("--trial is a trial index (0 or more), not -7"));
        Result seed = run(data, "-c", "nonid:train -s 12345678901234567890 -n 2 " + tiny);
        assertEquals(seed.output(), 1, seed.status());
        assertTrue(seed.output(), seed.output().contains("-s/--seed: ") && seed.output().contains("is not a whole number"));
        Result steps = run(data, "-c", "nonid:train -n -5 " + tiny);
        assertEquals(steps.output(), 1, steps.status());
        assertTrue(steps.output(), steps.output().contains("-n/--steps: -5 is not a number of steps"));
        assertEquals("nothing was recorded for refused runs", 0, query(data, "SELECT COUNT(*) FROM runs"));
        // SGD at lr 10 with momentum 0.99 and no LayerNorm epsilon diverges (seeded: at step 20)
        Result nan = run(data, "-c", "nonid:train -n 60 " + tiny + " layerNormEps=0 training.optimizer=sgd"
                + " training.momentum=0.99 training.lr=10 training.warmup=0");
        assertEquals(nan.output(), 1, nan.status());
        assertTrue(nan.output(), nan.output().contains("run 1 failed: training loss became NaN at step 20"));
        Result empty = run(data, "-c", "nonid:complete 1 \"\"");
        assertEquals(empty.output(), 1, empty.status());
        assertTrue(empty.output(), empty.output().contains("the prompt is empty"));
    }

    @Test
    public void languagesTimesModelsRunTwoAtATimeAndCloseWithATablePerLanguage() throws Exception {
        Path data = Runtime.freshWork("launcher-grid");
        Path file = data.resolve("grid.yaml");
        Files.writeString(file, String.join("\n",
                "name: grid",
                "languages: [{name: aNbN, maxLength: 8}, {name: dyck, maxLength: 8}]",
                "models:",
                "  - {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0}",
                "  - {family: lstm, embedding: 4, hidden: 8, layers: 1, dropout: 0}",
                "  - {family: mamba, dModel: 8, layers: 1, dState: 4, dConv: 2}",
                "  - {family: xlstm, embedding: 8, blocks: 2, heads: 2, qkvBlockSize: 2}",
                "  - {family: linear, embedding: 2}",
                "training: {steps: 20, batchSize: 8, warmup: 5}",
                "evaluation: {every: 10, promptLength: 4}",
                "reference: {source: made up, metric: max/ood/rule_1_accuracy, values: {aNbN: {lstm: 0.123 ± 0.004}}}",
                ""));
        Result r = run(data, "run", "-j", "2", file.toString());
        assertEquals(r.output(), 0, r.status());
        assertTrue(r.output(), r.output().contains("experiment grid: 10 runs"));
        assertTrue(r.output(), r.output().contains("[trial 10/10 run"));
        for (String language : List.of("aNbN {maxLength=8}", "dyck {maxLength=8}")) {
            assertTrue(r.output(), r.output().lines().anyMatch(l -> l.equals(language)));
        }
        for (String model : List.of("transformer", "lstm", "mamba", "xlstm", "linear")) {
            assertEquals(r.output(), 2, r.output().lines().filter(l -> l.matches(model + " +1/1 .*")).count());
        }
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("lstm +1/1 .* 0\\.123 ± 0\\.004")));
        // the same Transformer has 685 parameters on aNbN's 5 symbols and 719 on dyck's 7
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("transformer +1/1 +685 .*")));
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("transformer +1/1 +719 .*")));
        assertEquals(r.output(), 2, r.output().lines().filter(l -> l.startsWith("chance ")).count());
        assertEquals(10, query(data, "SELECT COUNT(*) FROM runs WHERE experiment = 'grid' AND status = 'finished'"));
    }

    @Test
    public void aFailingTrialIsRecordedWithItsReasonAndTheOthersStillRun() throws Exception {
        Path data = Runtime.freshWork("launcher-nan");
        Path file = data.resolve("diverging.yaml");
        // SGD at lr 10 with momentum 0.99 and no LayerNorm epsilon diverges (seeded, so always at step 20)
        Files.writeString(file, String.join("\n",
                "name: diverging",
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16, layerNormEps: 0}",
                "training: {steps: 60, optimizer: sgd, momentum: 0.99, warmup: 0}",
                "evaluation: {every: 30, promptLength: 4}",
                "sweep: {method: grid, parameters: {training.lr: {values: [10, 0.01]}}}",
                ""));
        Result r = run(data, "run", file.toString());
        assertEquals(r.output(), 1, r.status());
        assertTrue(r.output(), r.output().contains("failed: training loss became NaN at step 20"));
        assertTrue(r.output(), r.output().contains("1 of 2 trials of diverging did not finish"));
        assertEquals(1, query(data, "SELECT COUNT(*) FROM runs WHERE trial = 0 AND status = 'failed'"
                + " AND reason = 'training loss became NaN at step 20'"));
        assertEquals("the next trial ran", 1, query(data, "SELECT COUNT(*) FROM runs WHERE trial = 1 AND status = 'finished'"));
    }

    @Test
    public void aKilledRuntimeLeavesItsRunInterrupted() throws Exception {
        Path data = Runtime.freshWork("launcher-kill");
        Path file = data.resolve("long.yaml");
        Files.writeString(file, String.join("\n",
                "name: long",
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16}",
                "training: {steps: 10000000, logEvery: 1}",
                "evaluation: {every: 1000000, atStart: false}",
                ""));
        runAndKillWhen(data, file, "the run never got going",
                () -> query(data, "SELECT COALESCE(MAX(step), -1) FROM metrics") >= 50);

        Result listing = run(data, "-c", "nonid:runs");
        assertEquals(listing.output(), 0, listing.status());
        assertTrue(listing.output(), listing.output().lines().anyMatch(l -> l.contains(" long ") && l.contains("interrupted")));
        Result shown = run(data, "-c", "nonid:show 1");
        assertTrue(shown.output(), shown.output().contains("ended while it ran"));
    }

    @Test
    public void aKilledExperimentResumesWithoutRecomputingFinishedTrials() throws Exception {
        Path data = Runtime.freshWork("launcher-resume");
        Path file = data.resolve("resumable.yaml");
        Files.writeString(file, String.join("\n",
                "name: resumable",
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16}",
                "training: {steps: 2000, logEvery: 1}",
                "evaluation: {every: 1000, promptLength: 4}",
                "seeds: [1, 2]",
                ""));
        runAndKillWhen(data, file, "the experiment never reached its second trial",
                () -> query(data, "SELECT COUNT(*) FROM runs WHERE trial = 1 AND EXISTS"
                        + " (SELECT 1 FROM metrics m WHERE m.run_id = runs.id AND m.step >= 5)") >= 1);
        assertEquals(1, query(data, "SELECT COUNT(*) FROM runs WHERE status = 'finished'"));

        Result listing = run(data, "-c", "nonid:experiments");
        assertTrue(listing.output(), listing.output().lines().anyMatch(l -> l.matches("resumable\\s+2\\s+1\\s+2\\s.*")));
        Result resumed = run(data, "-c", "nonid:resume resumable");
        assertEquals(resumed.output(), 0, resumed.status());
        assertTrue(resumed.output(), resumed.output().contains("1 of 2 trials finished, resuming trials [1]"));
        assertEquals("the finished trial was not run again", 1, query(data, "SELECT COUNT(*) FROM runs WHERE trial = 0"));
        assertEquals("both trials finished", 2, query(data, "SELECT COUNT(DISTINCT trial) FROM runs WHERE status = 'finished'"));
        assertEquals(1, query(data, "SELECT COUNT(*) FROM runs WHERE trial = 1 AND status = 'interrupted'"));
        Result again = run(data, "-c", "nonid:resume resumable");
        assertTrue(again.output(), again.output().contains("2 of 2 trials finished; nothing to resume"));
    }

    @Test
    public void constructedModelsShowFunctionalNonIdentifiabilityExactly() throws Exception {
        Path data = Runtime.freshWork("launcher-functional");
        Path preset = Runtime.home().getParent().resolve("examples/p1-functional.yaml");
        Result r = run(data, "run", preset.toString());
        assertEquals(r.output(), 0, r.status());
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("1 .*finished +0\\.0840 +0\\.0840 +\\+0\\.0% +1\\.0000 +1\\.0000 .*")));
        assertTrue(r.output(), r.output().lines().anyMatch(l -> l.matches("2 .*finished +0\\.0840 +0\\.0840 +\\+0\\.0% +1\\.0000 +0\\.0000 .*")));
        Result joint = run(data, "-c", "nonid:kl 1 2");
        assertEquals(joint.output(), 0, joint.status());
        assertTrue(joint.output(), joint.output().contains("method:  exact"));
        assertTrue(joint.output(), joint.output().contains("KL:      0.000000 nats per word"));
        Result toData = run(data, "-c", "nonid:kl \"data:aNbN maxLength=32\" 2");
        assertTrue(toData.output(), toData.output().contains("KL:      0.000000 nats per word"));
        Result afterOod = run(data, "-c", "nonid:kl 1 \"constructed:aNbN maxLength=32 ood=uniform\" ood");
        assertEquals(afterOod.output(), 0, afterOod.status());
        assertTrue(afterOod.output(), afterOod.output().contains("over:    251 out-of-distribution prompts of aNbN"));
        assertTrue(afterOod.output(), afterOod.output().matches("(?s).*KL:      [1-9][0-9.]* nats per completion.*"));
        Result bad = run(data, "-c", "nonid:kl 1 \"constructed:aNbN maxLength=32 colour=red\"");
        assertEquals(bad.output(), 1, bad.status());
        assertTrue(bad.output(), bad.output().contains("unknown key 'colour' for constructed:aNbN"));
    }

    @Test
    public void theIclPresetsFirstTrialRuns() throws Exception {
        Path data = Runtime.freshWork("launcher-icl");
        Path preset = Runtime.home().getParent().resolve("examples/p1-icl.yaml");
        Result r = run(data, "run", "--trial", "0", preset.toString());
        assertEquals(r.output(), 0, r.status());
        assertEquals(1, query(data, "SELECT COUNT(*) FROM runs WHERE experiment = 'p1-icl' AND status = 'finished'"));
        assertEquals(1, query(data, "SELECT COUNT(*) FROM summaries WHERE key = 'best/icl/accuracy_k4' AND value = 1.0"));
        assertEquals(1, query(data, "SELECT COUNT(*) FROM summaries WHERE key = 'best/data/kl' AND value = 0.0"));
    }

    @Test
    public void aFineTuningRunStartsFromItsParentReparametrisedAndNamesIt() throws Exception {
        Path data = Runtime.freshWork("launcher-finetune");
        Path file = data.resolve("ft.yaml");
        Files.writeString(file, String.join("\n",
                "name: ft",
                "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16, dropout: 0}",
                "evaluation: {every: 10, promptLength: 4}",
                "measures: [loss, parameter-norms, sharpness]",
                "parts:",
                "  - training: {steps: 30, batchSize: 0, warmup: 5}",
                "  - language: {name: aNbNaN, maxLength: 9}",
                "    finetune: {trial: 0, reparametrisation: ffn-rescale, alpha: 10}",
                "    training: {steps: 20, batchSize: 0, optimizer: sgd, lr: 0.05, schedule: constant}",
                ""));
        Result r = run(data, "run", "-j", "2", file.toString());
        assertEquals(r.output(), 0, r.status());
        Result listing = run(data, "-c", "nonid:runs");
        assertTrue(listing.output(), listing.output().lines().anyMatch(l -> l.matches("2 +ft +1 +1 +aNbNaN +transformer +mle +run 1 +finished .*")));
        Result shown = run(data, "-c", "nonid:show 2");
        assertTrue(shown.output(), shown.output().contains("\"finetune\":{\"experiment\":\"ft\",\"trial\":0,\"reparametrisation\":\"ffn-rescale\",\"alpha\":10.0}"));
        assertTrue(shown.output(), shown.output().lines().anyMatch(l -> l.matches("parent: +run 1, reparametrised \\(largest log-probability change .*\\)")));
        Result plugins = run(data, "-c", "nonid:plugins");
        assertTrue(plugins.output(), plugins.output().lines().anyMatch(l -> l.matches("reparametrisation +ffn-rescale +org\\.nonid\\.reparam\\.core .*")));
        Result report = run(data, "-c", "nonid:report ft");
        assertEquals(report.output(), 0, report.status());
        String header = Files.readAllLines(data.resolve("experiments/ft/summary.csv")).get(0);
        assertTrue(header, header.contains("finetune_reparametrisation") && header.contains("finetune_alpha")
                && header.contains("finetune_parent_run"));
        Result shell = run(data, "-c", "nonid:finetune -n 10 -r qk-rescale 1 aNbN finetune.alpha=4 training.optimizer=sgd");
        assertEquals(shell.output(), 0, shell.status());
        assertTrue(shell.output(), shell.output().contains("run 3: fine-tunes run 1 (transformer) on aNbN after qk-rescale"));
        Result refused = run(data, "-c", "nonid:finetune -r ffn-rescale 1 aNbN dModel=16");
        assertEquals(refused.output(), 1, refused.status());
        assertTrue(refused.output(), refused.output().contains("unknown key 'dModel'"));
    }

    private static long query(Path data, String sql) throws Exception {
        File db = data.resolve("runs.db").toFile();
        if (!db.exists()) {
            return -1;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Test
    public void nativeLibrariesStayUnderTheDataFolderAndAKilledProcesssCopyGoesAtTheNextStart() throws Exception {
        Path data = Runtime.freshWork("launcher-native");
        Path tmp = Files.createDirectories(data.resolve("system-tmp"));
        String tiny = "aNbN transformer maxLength=8 dModel=8 heads=2 layers=1 feedForward=16";
        ProcessBuilder long_ = nonid(data, "-c", "nonid:train -n 1000000 " + tiny)
                .redirectOutput(data.resolve("native.log").toFile());
        long_.environment().put("NONID_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        Process p = long_.start();
        Path nativeFolder = data.resolve("native");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!hasSqlite(nativeFolder)) {
            assertTrue("no sqlite library under " + nativeFolder + ": " + Files.readString(data.resolve("native.log")),
                    p.isAlive() && System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse("nothing in the system temp folder", hasSqlite(tmp));
        assertTrue("the killed process left its copy", hasSqlite(nativeFolder));
        try (var files = Files.list(nativeFolder)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                        - TimeUnit.HOURS.toMillis(2)));
            }
        }
        Result next = run(data, "-c", "nonid:runs");
        assertEquals(next.output(), 0, next.status());
        assertFalse("the next start removed the stale copy", hasSqlite(nativeFolder));
    }

    @Test
    public void filesAreReadableByOthersAndWritableByTheOwnerWhateverTheUmask() throws Exception {
        Path data = Runtime.freshWork("launcher-modes");
        Path file = experiment(data, "modes", "dModel: 8, heads: 2, layers: 1, feedForward: 16");
        for (String umask : List.of("000", "077")) {
            Path folder = data.resolve("umask-" + umask);
            Result run = underUmask(umask, folder, "run", file.toString(), "seeds=1", "training.steps=2");
            assertEquals(run.output(), 0, run.status());
            Result report = underUmask(umask, folder, "-c", "nonid:report modes");
            assertEquals(report.output(), 0, report.status());
            assertEquals("umask " + umask, "rw-r--r--", modes(folder.resolve("runs.db")));
            assertEquals("umask " + umask, "rwxr-xr-x", modes(folder));
            assertEquals("umask " + umask, "rwxr-xr-x", modes(folder.resolve("experiments/modes")));
            assertEquals("umask " + umask, "rw-r--r--", modes(folder.resolve("experiments/modes/summary.csv")));
        }
    }

    @Test
    public void runtimesStartedTogetherOnOneDataFolderAllStartAndEnd() throws Exception {
        Path data = Runtime.freshWork("launcher-together");
        for (int round = 0; round < 20; round++) {
            Process first = nonid(data, "-c", "nonid:runs").redirectOutput(data.resolve("a.log").toFile()).start();
            Thread.sleep(300);
            Process second = nonid(data, "-c", "nonid:runs").redirectOutput(data.resolve("b.log").toFile()).start();
            for (Process p : List.of(first, second)) {
                assertTrue("round " + round + ": a runtime did not end", p.waitFor(120, TimeUnit.SECONDS));
            }
            assertEquals("round " + round + ": " + Files.readString(data.resolve("a.log")), 0, first.exitValue());
            assertEquals("round " + round + ": " + Files.readString(data.resolve("b.log")), 0, second.exitValue());
        }
        try (var caches = Files.list(data.resolve("cache"))) {
            assertEquals("each runtime removed its framework cache", 0, caches.count());
        }
    }

    @Test
    public void aStoreThatIsNoDatabaseIsNamedInOneLine() throws Exception {
        Path data = Runtime.freshWork("launcher-bad-store");
        Files.write(data.resolve("runs.db"), new java.util.Random(7).ints(4096, 0, 256).collect(
                java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write, (a, b) -> { }).toByteArray());
        Result r = run(data, "-c", "nonid:runs");
        assertEquals(r.output(), 1, r.status());
        assertEquals("nonid: cannot open the run store " + data.resolve("runs.db") + ": [SQLITE_NOTADB] File opened"
                + " that is not a database file (file is not a database)", r.output().strip());
    }

    @Test
    public void aBadDashboardPortIsRefusedBeforeTheRuntimeStarts() throws Exception {
        Path data = Runtime.freshWork("launcher-web-port");
        Path log = Files.createTempFile(data, "nonid", ".log");
        ProcessBuilder launcher = nonid(data, "-c", "nonid:runs");
        launcher.environment().put("NONID_WEB_PORT", "80");
        Process p = launcher.redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(output, 1, p.exitValue());
        assertEquals("nonid: the runtime did not start: NONID_WEB_PORT=80 is not a port from 1024 to 65535", output.strip());
    }

    @Test
    public void aPostgresqlStoreThatCannotBeReachedIsNamedInOneLine() throws Exception {
        Path data = Runtime.freshWork("launcher-unreachable-store");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path log = Files.createTempFile(data, "nonid", ".log");
        ProcessBuilder launcher = nonid(data, "-c", "nonid:train -n 5 aNbN linear maxLength=8");
        launcher.environment().put("NONID_STORE", "postgresql://nonid:secret@127.0.0.1:" + closed + "/runs");
        Process p = launcher.redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(output, 1, p.exitValue());
        assertTrue(output, output.contains("cannot open the run store postgresql://nonid@127.0.0.1:" + closed
                + "/runs: Connection to 127.0.0.1:" + closed + " refused"));
        assertFalse("the password is never shown: " + output, output.contains("secret"));
        assertFalse("nothing recorded in the data folder's SQLite store", Files.exists(data.resolve("runs.db")));
    }

    @Test
    public void aKilledProcesssCacheAndTemporaryFilesGoAtTheNextStartAndARuntimeRemovesItsOwn() throws Exception {
        Path data = Runtime.freshWork("launcher-litter");
        for (String folder : List.of("cache", "tmp")) {
            Path dead = Files.createDirectories(data.resolve(folder).resolve("999999999").resolve("inside"));
            Files.writeString(dead.resolve("left.bin"), "left by a killed runtime");
        }
        Result r = run(data, "-c", "nonid:runs");
        assertEquals(r.output(), 0, r.status());
        for (String folder : List.of("cache", "tmp")) {
            try (var left = Files.list(data.resolve(folder))) {
                assertEquals(folder + " holds nothing once the runtime ended", List.of(), left.toList());
            }
        }
    }

    @Test
    public void twoResumesOfOneExperimentAtOnceRunEachTrialExactlyOnce() throws Exception {
        Path data = Runtime.freshWork("launcher-resumes");
        Path file = data.resolve("twice.yaml");
        Files.writeString(file, String.join("\n", "name: twice", "language: {name: aNbN, maxLength: 8}",
                "model: {family: transformer, dModel: 8, heads: 2, layers: 1, feedForward: 16}",
                "training: {steps: 150, batchSize: 0, warmup: 5}", "evaluation: {every: 50, promptLength: 4}",
                "seeds: 6", ""));
        Result first = run(data, "run", "--trial", "0", file.toString());
        assertEquals(first.output(), 0, first.status());
        Process a = nonid(data, "-c", "nonid:resume twice").redirectOutput(data.resolve("a.log").toFile()).start();
        Thread.sleep(300);
        Process b = nonid(data, "-c", "nonid:resume twice").redirectOutput(data.resolve("b.log").toFile()).start();
        for (Process p : List.of(a, b)) {
            assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        }
        String logs = Files.readString(data.resolve("a.log")) + Files.readString(data.resolve("b.log"));
        assertEquals(logs, 0, a.exitValue());
        assertEquals(logs, 0, b.exitValue());
        assertEquals(logs, 6, query(data, "SELECT COUNT(*) FROM runs"));
        assertEquals(logs, 6, query(data, "SELECT COUNT(DISTINCT trial) FROM runs WHERE status = 'finished'"));
        assertTrue(logs, logs.contains("left out: another process is running it or it has finished"));
    }

    @Test
    public void aJarInPluginsThatIsNoBundleIsNamedNotPassedOver() throws Exception {
        Path data = Runtime.freshWork("launcher-garbage-plugin");
        Path garbage = Runtime.home().resolve("plugins/launcher-it-garbage.jar");
        Path plain = Runtime.home().resolve("plugins/launcher-it-plain.jar");
        Files.writeString(garbage, "not a jar at all");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            out.write("a jar, but no bundle".getBytes(StandardCharsets.UTF_8));
        }
        try {
            Result r = run(data, "-c", "nonid:runs");
            assertEquals(r.output(), 0, r.status());
            assertTrue(r.output(), r.output().contains("nonid: plugins/launcher-it-garbage.jar is not a jar"));
            assertTrue(r.output(), r.output().contains("nonid: plugins/launcher-it-plain.jar is not a bundle (its"
                    + " manifest has no Bundle-SymbolicName): ignored"));
        } finally {
            Files.deleteIfExists(garbage);
            Files.deleteIfExists(plain);
        }
    }

    @Test
    public void aDataFolderTooSmallOrBlockedEndsTheStartWithTheReason() throws Exception {
        Path work = Runtime.freshWork("launcher-full");
        Path mount = Files.createDirectories(work.resolve("tmpfs"));
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        try {
            Path data = Files.createDirectories(mounted ? mount.resolve("data") : work.resolve("blocked"));
            if (!mounted) {
                // where no tmpfs can be mounted, a file where the framework cache goes fails the start the same way
                Files.writeString(data.resolve("cache"), "a file, not a folder");
            }
            long started = System.nanoTime();
            Result r = run(data, "-c", "nonid:runs");
            assertEquals(r.output(), 1, r.status());
            assertTrue(r.output(), r.output().contains("nonid: the runtime did not start: "));
            assertTrue("ends at once, does not hang", System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
        } finally {
            if (mounted) {
                new ProcessBuilder("umount", mount.toString()).start().waitFor();
            }
        }
    }

    @Test
    public void sigtermEndsARunAsCancelled() throws Exception {
        Path data = Runtime.freshWork("launcher-sigterm");
        Process p = nonid(data, "-c", "nonid:train -n 1000000 aNbN transformer maxLength=8 dModel=8 heads=2 layers=1"
                + " feedForward=16").redirectOutput(data.resolve("term.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (query(data, "SELECT COUNT(*) FROM runs WHERE status = 'running'") != 1) {
            assertTrue(Files.readString(data.resolve("term.log")), p.isAlive() && System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, query(data, "SELECT COUNT(*) FROM runs WHERE status = 'cancelled'"));
        assertNotEquals("a cancelled run fails its command", 0, p.exitValue());
    }

    private static Result underUmask(String umask, Path data, String... args) throws Exception {
        ProcessBuilder pb = nonid(data, args);
        List<String> command = new ArrayList<>(List.of("bash", "-c", "umask " + umask + "; exec \"$0\" \"$@\""));
        command.addAll(pb.command());
        Path log = Files.createTempFile(Runtime.work("launcher-modes"), "umask", ".log");
        Process p = pb.command(command).redirectOutput(log.toFile()).start();
        assertTrue("bin/nonid did not end in time", p.waitFor(240, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static String modes(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static boolean hasSqlite(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().contains("sqlite"));
        }
    }

    private interface StoreCondition {
        boolean holds() throws Exception;
    }

    /**
     * Starts {@code bin/nonid run FILE} and kills it (SIGKILL) as soon as the store shows
     * {@code reached}; fails if the runtime dies first or two minutes pass.
     */
    private static void runAndKillWhen(Path data, Path file, String notReached, StoreCondition reached)
            throws Exception {
        Path log = data.resolve("killed.log");
        Process p = nonid(data, "run", file.toString()).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!reached.holds()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail((p.isAlive() ? notReached : "the runtime died") + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
}
