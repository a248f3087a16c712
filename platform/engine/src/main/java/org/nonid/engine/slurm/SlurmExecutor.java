package org.nonid.engine.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ClusterExecutor;
import org.nonid.api.run.ClusterJob;
import org.nonid.api.run.ExperimentPlan;
import org.osgi.service.component.annotations.Component;

/**
 * Slurm: an experiment's trials as one job array ({@code sbatch}), followed with {@code squeue},
 * cancelled with {@code scancel}. The script and the tasks' logs go to {@code <data>/slurm/NAME/}.
 */
@Component(service = ClusterExecutor.class)
public final class SlurmExecutor implements ClusterExecutor {
    private static final long COMMAND_SECONDS = 60;

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public Optional<String> unavailable() {
        for (String command : List.of("sbatch", "squeue", "scancel")) {
            if (onPath(command).isEmpty()) {
                return Optional.of(command + " is not on the PATH (install Slurm's client commands, or submit from a"
                        + " machine that has them)");
            }
        }
        return Optional.empty();
    }

    @Override
    public void check(ExperimentPlan plan, Map<String, Object> cluster) {
        SlurmSettings settings = SlurmSettings.of(cluster);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < plan.runs().size(); i++) {
            all.add(i);
        }
        Path script = write(plan.name(), "check", SlurmScript.render(plan.name(), all, settings, nonid(),
                logs(plan.name()), Map.of()));
        try {
            Result r = run(List.of("sbatch", "--test-only", script.toString()));
            if (r.status() != 0) {
                throw new ConfigException("Slurm refuses the job of " + plan.name() + ": " + r.output().strip());
            }
        } finally {
            script.toFile().delete();
        }
    }

    @Override
    public ClusterJob submit(ExperimentPlan plan, List<Integer> trials, Map<String, Object> cluster,
                             Map<String, String> environment) {
        SlurmSettings settings = SlurmSettings.of(cluster);
        Path script = write(plan.name(), "submit-" + System.currentTimeMillis(), SlurmScript.render(plan.name(), trials,
                settings, nonid(), logs(plan.name()), environment));
        Result r = run(List.of("sbatch", "--parsable", script.toString()));
        if (r.status() != 0 || !r.output().strip().matches("\\d+(;\\S+)?")) {
            throw new ConfigException("sbatch did not take the job of " + plan.name() + ": " + r.output().strip());
        }
        return new ClusterJob(plan.name(), name(), r.output().strip().split(";")[0], trials, Instant.now());
    }

    @Override
    public Map<Integer, String> states(ClusterJob job) {
        Result r = run(List.of("squeue", "-h", "-r", "-j", job.jobId(), "-o", "%K %T"));
        Map<Integer, String> states = new TreeMap<>();
        if (r.status() != 0) {
            // squeue says "Invalid job id" once a job has left the queue: every task has ended
            return states;
        }
        for (String line : r.output().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].matches("\\d+")) {
                states.put(Integer.valueOf(parts[0]), parts[1]);
            }
        }
        return states;
    }

    @Override
    public void cancel(ClusterJob job) {
        Result r = run(List.of("scancel", job.jobId()));
        if (r.status() != 0) {
            throw new ConfigException("scancel " + job.jobId() + ": " + r.output().strip());
        }
    }

    /** The distribution's launcher, which each task runs. */
    private static Path nonid() {
        return Paths.get(System.getProperty("nonid.home", "runtime")).toAbsolutePath().resolve("bin").resolve("nonid");
    }

    private static Path folder(String experiment) {
        return Paths.get(System.getProperty("nonid.data", "data")).toAbsolutePath().resolve("slurm").resolve(experiment);
    }

    private static Path logs(String experiment) {
        return folder(experiment);
    }

    /** The script, readable by its owner only: it may carry the store's password. */
    private static Path write(String experiment, String name, String text) {
        try {
            Path dir = Files.createDirectories(folder(experiment));
            Path file = dir.resolve(name + ".sh");
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new ConfigException("could not write the sbatch script for " + experiment + ": " + e.getMessage());
        }
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ConfigException(command.get(0) + " did not answer within " + COMMAND_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(command.get(0) + " could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(command.get(0) + " was interrupted");
        }
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
