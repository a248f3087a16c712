package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Sweeps on a real single-node Slurm (the one .ci/run starts, SLURM_CONF; else one started here with
 * .ci/slurm), recorded in PostgreSQL where .ci/run started one (NONID_TEST_POSTGRESQL), else in SQLite.
 */
public class SlurmIT {
    private static final Pattern JOB = Pattern.compile("submitted to slurm as job (\\d+)");
    private static String slurmConf;
    private static Path ownSlurm;
    private static String store;

    @BeforeClass
    public static void cluster() throws Exception {
        slurmConf = System.getenv("SLURM_CONF");
        if (slurmConf == null || slurmConf.isBlank()) {
            ownSlurm = Runtime.freshWork("slurm-daemons");
            Process p = new ProcessBuilder(Runtime.home().resolve("../.ci/slurm").normalize().toString(), "start",
                    ownSlurm.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String conf = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue("the cluster tests need Slurm (.ci/run starts it; .ci/slurm start DIR by hand): " + conf,
                    p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
            slurmConf = conf;
        }
        String postgres = System.getenv("NONID_TEST_POSTGRESQL");
        if (postgres != null && !postgres.isBlank()) {
            String name = "nonid_slurm_" + ProcessHandle.current().pid();
            try (Connection c = connect(postgres); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
                s.execute("CREATE DATABASE " + name);
            }
            store = postgres.substring(0, postgres.lastIndexOf('/') + 1) + name;
        }
    }

    @AfterClass
    public static void stopOwnSlurm() throws Exception {
        if (ownSlurm != null) {
            new ProcessBuilder(Runtime.home().resolve("../.ci/slurm").normalize().toString(), "stop", ownSlurm.toString())
                    .start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void twoSweepsSubmittedAtOnceFinishAndTheReportIsTheLocalSweepsMetricForMetric() throws Exception {
        Path data = Runtime.freshWork("slurm-sweep");
        Path a = sweep(data, "slurm-a", "[1, 2, 3, 4, 5, 6]");
        Path b = sweep(data, "slurm-b", "[7, 8]");
        String jobA = submit(data, a);
        String jobB = submit(data, b);
        awaitQueueEmpty(List.of(jobA, jobB), 480);
        String runs = nonid(data, "-c", "nonid:runs").output();
        for (String experiment : List.of("slurm-a", "slurm-b")) {
            long finished = runs.lines().filter(l -> l.matches("\\d+ +" + experiment + " .* finished .*")).count();
            assertEquals(runs, experiment.equals("slurm-a") ? 6 : 2, finished);
        }
        String jobs = nonid(data, "-c", "nonid:jobs slurm-a").output();
        assertTrue(jobs, jobs.lines().anyMatch(l -> l.matches("slurm-a +" + jobA + "_5 +5 +ended +\\d+ +finished +40 *")));

        assertEquals(0, nonid(data, "-c", "nonid:report slurm-a").status());
        Path local = Runtime.freshWork("slurm-local");
        Result here = run(local, false, "run", a.toString());
        assertEquals(here.output(), 0, here.status());
        assertEquals(0, run(local, false, "-c", "nonid:report slurm-a").status());
        assertEquals("the sweep's metrics on Slurm are the local sweep's",
                metrics(local.resolve("experiments/slurm-a/summary.csv")),
                metrics(data.resolve("experiments/slurm-a/summary.csv")));
    }

    @Test
    public void aTaskCancelledMidRunEndsCancelledAndResumeSubmitRunsExactlyTheMissingTrial() throws Exception {
        Path data = Runtime.freshWork("slurm-cancel");
        Path file = experiment(data, "slurm-cancel", "training: {batchSize: 0}",
                "sweep: {method: grid, parameters: {training.steps: {values: [40, 250000]}}}");
        String job = submit(data, file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!midRun(nonid(data, "-c", "nonid:runs -e slurm-cancel").output())) {
            assertTrue("trial 1 did not get going", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
        Result cancelled = nonid(data, "-c", "nonid:cancel slurm-cancel");
        assertTrue(cancelled.output(), cancelled.output().contains("slurm-cancel: slurm job " + job + " cancelled"));
        awaitQueueEmpty(List.of(job), 120);
        String after = nonid(data, "-c", "nonid:runs -e slurm-cancel").output();
        assertTrue(after, after.lines().anyMatch(l -> l.matches("\\d+ +slurm-cancel +1 .* cancelled .*")));

        Result resumed = nonid(data, "resume", "--submit", "slurm-cancel");
        assertTrue(resumed.output(), resumed.output().contains("experiment slurm-cancel: trials 1 submitted to slurm as job"));
        Matcher again = JOB.matcher(resumed.output());
        assertTrue(again.find());
        awaitQueueEmpty(List.of(again.group(1)), 240);
        String last = nonid(data, "-c", "nonid:runs -e slurm-cancel").output();
        assertEquals(last, 1, last.lines().filter(l -> l.matches("\\d+ +slurm-cancel +0 .*")).count());
        assertTrue(last, last.lines().anyMatch(l -> l.matches("\\d+ +slurm-cancel +1 .* finished +250000 .*")));
    }

    @Test
    public void aBadClusterSectionOrAPartitionSlurmRefusesIsRefusedBeforeAnythingIsRecorded() throws Exception {
        Path data = Runtime.freshWork("slurm-bad");
        Path typo = data.resolve("typo.yaml");
        Files.writeString(typo, "name: typo\nlanguage: {name: aNbN, maxLength: 8}\nmodel: {family: linear}\n"
                + "cluster: {partiton: debug, cpusPerTask: 0}\n");
        Result r = nonid(data, "submit", typo.toString());
        assertEquals(r.output(), 1, r.status());
        assertTrue(r.output(), r.output().contains("cluster: unknown key 'partiton'; nearest: partition"));
        assertTrue(r.output(), r.output().contains("cluster.cpusPerTask = 0: a whole number, 1 or more"));
        Path partition = data.resolve("refused.yaml");
        Files.writeString(partition, "name: typo\nlanguage: {name: aNbN, maxLength: 8}\nmodel: {family: linear}\n"
                + "cluster: {partition: nosuch}\n");
        Result refused = nonid(data, "submit", partition.toString());
        assertEquals(refused.output(), 1, refused.status());
        assertTrue(refused.output(), refused.output().contains("Slurm refuses the job of typo: sbatch: error:"));
        assertTrue(refused.output(), refused.output().toLowerCase().contains("partition"));
        String experiments = nonid(data, "-c", "nonid:experiments").output();
        assertFalse("nothing recorded: " + experiments, experiments.contains("typo"));
    }

    @Test
    public void aRequeuedTaskRestartsItsTrialAndTheNewRunSaysItIsARestart() throws Exception {
        Path data = Runtime.freshWork("slurm-requeue");
        Path file = experiment(data, "slurm-requeue", "training: {steps: 250000, batchSize: 0}");
        String job = submit(data, file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!nonid(data, "-c", "nonid:runs -e slurm-requeue").output().lines()
                .anyMatch(l -> l.matches("\\d+ +slurm-requeue +0 .* running +([1-9]\\d*) .*"))) {
            assertTrue("the task did not get going", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
        // as a preempted or failed node's task: back to the queue; Slurm holds a requeued job a while, made now here
        assertEquals(0, withSlurm(new ProcessBuilder("scontrol", "requeue", job + "_0")).inheritIO().start().waitFor());
        int requeues = 1;
        long held = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // the task is completing, then pending with a hold of two minutes: released once it is back in the queue.
        // Found by the job's name, whatever id the requeued task has; it may be missing from squeue for a moment
        // in between: only RUNNING ends the wait (an empty queue ended it once, and the runs were read too early).
        String name = "nonid-slurm-requeue";
        for (String state = queued("-n", name); !state.contains("RUNNING"); state = queued("-n", name)) {
            if (state.contains("PENDING")) {
                String id = state.lines().filter(l -> l.contains("PENDING")).findFirst().orElseThrow().split(" ")[0];
                withSlurm(new ProcessBuilder("scontrol", "update", "JobId=" + id, "StartTime=now")).start().waitFor();
            } else if (state.isEmpty() && jobState(job).equals("FAILED") && requeues < 3
                    && trialRuns(data, "slurm-requeue", 0) == 1) {
                // Slurm ended the task on its exit instead of queueing it again (seen on CI: FAILED with
                // Restarts=1 and no second run of the trial): the requeue did not happen, so ask again
                System.err.println("SlurmIT: job " + job + " ended FAILED without running again; requeued once more");
                assertEquals(0, withSlurm(new ProcessBuilder("scontrol", "requeue", job + "_0")).inheritIO().start().waitFor());
                requeues++;
                held = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            }
            if (System.nanoTime() >= held) {
                fail("the requeued task did not start again: '" + state + "'; scontrol show job " + job + ": "
                        + scontrolShow(job) + "\nthe task's log:\n" + taskLog(data, "slurm-requeue")
                        + "\nthe runs:\n" + nonid(data, "-c", "nonid:runs -e slurm-requeue").output());
            }
            Thread.sleep(300);
        }
        awaitQueueEmpty(List.of(job), 240);
        String runs = nonid(data, "-c", "nonid:runs -e slurm-requeue").output();
        // run ids are the store's: with PostgreSQL this class's tests share one database
        assertTrue(runs, runs.lines().anyMatch(l -> l.matches("\\d+ +slurm-requeue +0 .* cancelled .*")));
        Matcher finished = Pattern.compile("(?m)^(\\d+) +slurm-requeue +0 .* finished +250000 ").matcher(runs);
        assertTrue(runs, finished.find());
        String restart = nonid(data, "-c", "nonid:show " + finished.group(1)).output();
        assertTrue(restart, restart.contains("\"batch\":{\"system\":\"slurm\",\"job\":\"") && restart.contains(
                "\"arrayJob\":\"" + job + "\",\"arrayTask\":\"0\"") && restart.matches("(?s).*\"restart\":[1-9]}.*"));
    }

    @Test
    public void sbatchMissingFromThePathIsRefusedBeforeAnythingIsRecorded() throws Exception {
        Path data = Runtime.freshWork("slurm-no-sbatch");
        // a PATH with every command of this machine but Slurm's
        Path bin = Files.createDirectories(data.resolve("bin"));
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            java.io.File[] commands = new java.io.File(dir).listFiles();
            for (java.io.File c : commands == null ? new java.io.File[0] : commands) {
                Path link = bin.resolve(c.getName());
                if (!c.getName().matches("s(batch|queue|cancel|info|control|run)") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, c.toPath());
                }
            }
        }
        Path file = sweep(data, "no-sbatch", "[1]");
        Path log = Files.createTempFile(data, "nonid", ".log");
        ProcessBuilder pb = withSlurm(Runtime.launcher(data, "submit", file.toString()));
        pb.environment().put("PATH", bin.toString());
        Process p = pb.redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(output, 1, p.exitValue());
        assertTrue(output, output.contains("slurm cannot submit from here: sbatch is not on the PATH"));
        assertFalse(nonid(data, "-c", "nonid:experiments").output().contains("no-sbatch"));
    }

    /** The job's state as scontrol records it (FAILED, COMPLETED, PENDING, ...). */
    private static String jobState(String job) throws Exception {
        Matcher m = Pattern.compile("JobState=(\\S+)").matcher(scontrolShow(job));
        return m.find() ? m.group(1) : "";
    }

    private static String scontrolShow(String job) throws Exception {
        Process show = withSlurm(new ProcessBuilder("scontrol", "show", "job", job)).redirectErrorStream(true).start();
        String out = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        show.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** How many runs of this trial of the experiment the store has recorded. */
    private static long trialRuns(Path data, String experiment, int trial) throws Exception {
        return nonid(data, "-c", "nonid:runs -e " + experiment).output().lines()
                .filter(l -> l.matches("\\d+ +" + experiment + " +" + trial + " .*")).count();
    }

    /** The Slurm logs of the experiment's tasks, each under its name. */
    private static String taskLog(Path data, String experiment) throws IOException {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(data.resolve("slurm").resolve(experiment))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                b.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }

    /** Trial 0 has finished and trial 1 runs past its first evaluation. */
    private static boolean midRun(String runs) {
        return runs.lines().anyMatch(l -> l.matches("\\d+ +slurm-cancel +0 .* finished .*"))
                && runs.lines().anyMatch(l -> l.matches("\\d+ +slurm-cancel +1 .* running +([1-9]\\d*) .*"));
    }

    /** A one-seed experiment of the linear model, one CPU per task, with these lines (training, a sweep). */
    private static Path experiment(Path dir, String name, String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("name: " + name, "language: {name: aNbN, maxLength: 8}",
                "model: {family: linear, embedding: 8}", "evaluation: {every: 500, promptLength: 4}", "seeds: [1]",
                "cluster: {cpusPerTask: 1}"));
        all.addAll(List.of(lines));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", all) + "\n");
        return file;
    }

    private static Path sweep(Path dir, String name, String seeds) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", "name: " + name, "language: {name: aNbN, maxLength: 8}",
                "model: {family: linear, embedding: 8}", "training: {steps: 40, batchSize: 0}",
                "evaluation: {every: 10, promptLength: 4}", "seeds: " + seeds, "cluster: {cpusPerTask: 1, throttle: 2}", ""));
        return file;
    }

    private static String submit(Path data, Path file) throws Exception {
        Result r = nonid(data, "submit", file.toString());
        assertEquals(r.output(), 0, r.status());
        Matcher m = JOB.matcher(r.output());
        assertTrue(r.output(), m.find());
        return m.group(1);
    }

    /** Every summary.csv row's metrics by trial (run ids and times left out: they differ between stores). */
    private static Map<String, String> metrics(Path summary) throws IOException {
        List<String> lines = Files.readAllLines(summary);
        List<String> header = List.of(lines.get(0).split(","));
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = List.of(line.split(","));
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).contains("loss") || header.get(i).contains("accuracy")) {
                    kept.add(header.get(i) + "=" + cells.get(i));
                }
            }
            out.put(cells.get(header.indexOf("trial")), String.join(" ", kept));
        }
        assertFalse(summary + " has no metrics", out.isEmpty() || out.values().iterator().next().isEmpty());
        return out;
    }

    /** What squeue says of jobs: a line per task with its state; empty (or "Invalid job id") once they have left. */
    private static String squeue(String jobs) throws Exception {
        return queued("-j", jobs);
    }

    /** Id and state of the queued jobs that squeue's option selects, a line each. */
    private static String queued(String option, String value) throws Exception {
        Process p = withSlurm(new ProcessBuilder("squeue", "-h", option, value, "-o", "%i %T")).redirectErrorStream(true).start();
        String queue = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return queue;
    }

    private static void awaitQueueEmpty(List<String> jobs, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String queue = squeue(String.join(",", jobs));
            if (queue.isEmpty() || queue.contains("Invalid job id")) {
                return;
            }
            assertTrue("jobs " + jobs + " still queued: " + queue, System.nanoTime() < deadline);
            Thread.sleep(1000);
        }
    }

    private record Result(int status, String output) {
    }

    private static Result nonid(Path data, String... args) throws Exception {
        return run(data, true, args);
    }

    private static Result run(Path data, boolean cluster, String... args) throws Exception {
        Path log = Files.createTempFile(data, "nonid", ".log");
        ProcessBuilder pb = Runtime.launcher(data, args);
        if (cluster && store != null) {
            pb.environment().put("NONID_STORE", store);
        }
        Process p = withSlurm(pb).redirectOutput(log.toFile()).start();
        assertTrue("bin/nonid did not end in time", p.waitFor(600, TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static ProcessBuilder withSlurm(ProcessBuilder pb) {
        pb.environment().put("SLURM_CONF", slurmConf);
        return pb;
    }

    private static Connection connect(String url) throws Exception {
        java.net.URI uri = new java.net.URI(url);
        Properties props = new Properties();
        String[] user = uri.getUserInfo().split(":", 2);
        props.setProperty("user", user[0]);
        props.setProperty("password", user.length > 1 ? user[1] : "");
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
                + uri.getPath(), props);
    }

    static Path repository() {
        return Paths.get("..").toAbsolutePath().normalize();
    }
}
