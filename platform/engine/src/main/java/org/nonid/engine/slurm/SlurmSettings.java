package org.nonid.engine.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nonid.api.config.ConfigException;
import org.nonid.api.config.UnknownName;

/**
 * An experiment file's {@code cluster:} section for Slurm: resources of each array task, a throttle,
 * extra {@code #SBATCH} lines and the shell lines that set up a task's environment.
 */
record SlurmSettings(String partition, String account, int cpusPerTask, String memory, String time, String gpus,
                     int throttle, List<String> extra, List<String> setup) {

    static final List<String> KEYS = List.of("partition", "account", "cpusPerTask", "memory", "time", "gpus",
            "throttle", "extra", "setup");

    /** The section's settings; every unknown key and bad value is named at once. */
    static SlurmSettings of(Map<String, Object> cluster) {
        List<String> problems = new ArrayList<>();
        for (String key : cluster.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add("cluster: " + UnknownName.message("key", key, KEYS));
            }
        }
        SlurmSettings s = new SlurmSettings(word(cluster, "partition", problems), word(cluster, "account", problems),
                count(cluster, "cpusPerTask", 0, problems), word(cluster, "memory", problems), word(cluster, "time", problems),
                word(cluster, "gpus", problems), count(cluster, "throttle", 0, problems), lines(cluster, "extra", problems),
                lines(cluster, "setup", problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return s;
    }

    /** A value that goes into an {@code #SBATCH} line: one word of letters, digits and {@code - _ . : ,}. */
    private static String word(Map<String, Object> cluster, String key, List<String> problems) {
        Object v = cluster.get(key);
        if (v == null) {
            return "";
        }
        String text = String.valueOf(v);
        if (!text.matches("[A-Za-z0-9_.:,-]+")) {
            problems.add("cluster." + key + " = '" + text + "': one word of letters, digits and - _ . : , (e.g. "
                    + switch (key) {
                        case "memory" -> "4G";
                        case "time" -> "02:00:00";
                        case "gpus" -> "1 or a100:1";
                        default -> "gpu";
                    } + ")");
        }
        return text;
    }

    private static int count(Map<String, Object> cluster, String key, int absent, List<String> problems) {
        Object v = cluster.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Integer n && n >= 1) {
            return n;
        }
        problems.add("cluster." + key + " = " + v + ": a whole number, 1 or more");
        return absent;
    }

    private static List<String> lines(Map<String, Object> cluster, String key, List<String> problems) {
        Object v = cluster.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            problems.add("cluster." + key + ": a list of lines, e.g. [\"" + (key.equals("extra") ? "--qos=high"
                    : "module load java/17") + "\"]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object line : list) {
            String text = (String) line;
            if (text.contains("\n")) {
                problems.add("cluster." + key + ": '" + text.strip() + "' is more than one line");
            } else if (key.equals("extra") && !text.startsWith("--")) {
                problems.add("cluster.extra: '" + text + "' is no sbatch option (they start with --, e.g. --qos=high)");
            }
            out.add(text);
        }
        return out;
    }
}
