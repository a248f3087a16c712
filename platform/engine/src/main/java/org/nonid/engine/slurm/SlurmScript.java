package org.nonid.engine.slurm;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sbatch script of an experiment's job array: one task per trial (the array's index is the
 * trial's), each running that trial of the recorded experiment against the same store.
 */
final class SlurmScript {
    private SlurmScript() {
    }

    static String render(String experiment, List<Integer> trials, SlurmSettings s, Path nonid, Path logs,
                         Map<String, String> environment) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        sbatch(b, "--job-name=nonid-" + experiment);
        sbatch(b, "--array=" + trials.stream().map(String::valueOf).collect(Collectors.joining(","))
                + (s.throttle() > 0 ? "%" + s.throttle() : ""));
        sbatch(b, "--output=" + logs.resolve("%A_%a.log"));
        // a preempted or failed node's task is queued again; its trial resumes in the store
        sbatch(b, "--requeue");
        option(b, "--partition=", s.partition());
        option(b, "--account=", s.account());
        option(b, "--cpus-per-task=", s.cpusPerTask() > 0 ? Integer.toString(s.cpusPerTask()) : "");
        option(b, "--mem=", s.memory());
        option(b, "--time=", s.time());
        option(b, "--gpus=", s.gpus());
        s.extra().forEach(line -> sbatch(b, line));
        b.append("set -e\n");
        s.setup().forEach(line -> b.append(line).append('\n'));
        environment.forEach((k, v) -> b.append("export ").append(k).append('=').append(quoted(v)).append('\n'));
        b.append("export NONID_NO_BUILD=1\n");
        b.append("exec ").append(quoted(nonid.toString())).append(" resume --trial \"$SLURM_ARRAY_TASK_ID\" ")
                .append(quoted(experiment)).append('\n');
        return b.toString();
    }

    private static void sbatch(StringBuilder b, String option) {
        b.append("#SBATCH ").append(option).append('\n');
    }

    private static void option(StringBuilder b, String prefix, String value) {
        if (!value.isEmpty()) {
            sbatch(b, prefix + value);
        }
    }

    /** A word for the shell, in single quotes. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
