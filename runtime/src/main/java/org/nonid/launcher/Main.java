package org.nonid.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.launch.Framework;

/**
 * Starts NonID.
 * <pre>
 * nonid                          the interactive shell
 * nonid run [--trial N] FILE [key=value...]  run an experiment file (or one trial) headless; exit 1 if a run fails
 * nonid -c 'COMMAND'             run one shell command headless and exit
 * </pre>
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: nonid                          start the interactive shell",
            "       nonid run [--trial N] FILE [key=value...]",
            "                                      run an experiment file (or one trial of it) headless",
            "       nonid submit FILE [key=value...]   submit an experiment's trials to Slurm as one job array",
            "       nonid resume [--trial N] [--submit] NAME",
            "                                      run (or submit) a recorded experiment's unfinished trials",
            "       nonid import FILE [-o OUT] [authors.key=value...]",
            "                                      translate a sweep or config file of the papers' code",
            "       nonid -c 'COMMAND'             run one shell command headless, e.g. nonid -c 'nonid:runs'",
            "environment: NONID_DATA (data folder), NONID_PLUGINS (plugins folder), NONID_STORE (a PostgreSQL store),",
            "             NONID_WEB_PORT (the dashboard at start), NONID_JAVA_OPTS (extra JVM options)");

    /**
     * The HTTP service's log (java.util.logging, as conf/framework.properties asks): errors only, so
     * that starting without a listener is not announced on every start. Held here: loggers are weak.
     */
    private static final Logger HTTP_LOG = Logger.getLogger("org.apache.felix.http");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        HTTP_LOG.setLevel(Level.SEVERE);
        String command = null;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (args.length > 0) {
            switch (args[0]) {
                case "run", "import", "submit", "resume" -> {
                    if (args.length < 2) {
                        fail(args[0] + " needs a file\n" + USAGE);
                    }
                    // each argument reaches the command as one session variable: never parsed again as shell syntax
                    List<String> words = new ArrayList<>();
                    for (int i = 1; i < args.length; i++) {
                        String name = "nonid_arg" + i;
                        variables.put(name, args[i]);
                        words.add("$" + name);
                    }
                    command = "nonid:" + args[0] + " " + String.join(" ", words);
                }
                case "-c", "--command" -> {
                    if (args.length != 2) {
                        fail("-c takes one command line, quoted\n" + USAGE);
                    }
                    command = args[1];
                }
                case "-h", "--help", "help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("unknown argument '" + args[0] + "'\n" + USAGE);
            }
        }
        Distribution distribution = Distribution.fromSystem();
        System.setProperty("nonid.data", distribution.data().toString());
        // sqlite-jdbc's native library goes under the data folder, not the system temp folder
        System.setProperty("org.sqlite.tmpdir", System.getProperty("org.sqlite.tmpdir",
                distribution.data().resolve("native").toString()));
        NativeFolder.prepare(distribution.data().resolve("native"));
        System.setProperty("org.bytedeco.javacpp.cachedir",
                System.getProperty("org.bytedeco.javacpp.cachedir", distribution.data().resolve("javacpp").toString()));
        boolean interactive = command == null;
        if (!interactive) {
            System.setProperty("nonid.headless", "true");
        }
        Framework framework;
        try {
            ProcessFolders.removeStale(distribution.frameworkCaches());
            ProcessFolders.removeStale(distribution.temporaryFolders());
            framework = FrameworkStarter.start(distribution);
        } catch (Exception | LinkageError e) {
            // a runtime that cannot start says why and ends, whatever threads the framework began
            System.err.println("nonid: the runtime did not start: " + (e.getMessage() == null ? e : e.getMessage()));
            ProcessFolders.remove(distribution.frameworkCache());
            System.exit(1);
            return;
        }
        FrameworkStarter.webPort().ifPresent(port -> System.out.println("dashboard: http://127.0.0.1:" + port
                + "/nonid/ (this machine only)"));
        Thread stopper = new Thread(() -> stop(framework), "nonid-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        int status;
        if (interactive) {
            HeadlessShell.awaitProcessor(framework.getBundleContext(), 60);
            // the console reads its profile (prompt, completion, banner) from <home>/etc/gosh_profile
            System.setProperty("gosh.home", System.getProperty("gosh.home", distribution.home().toString()));
            FrameworkStarter.startConsole(framework);
            framework.waitForStop(0);
            status = 0;
        } else {
            Object processor = HeadlessShell.awaitProcessor(framework.getBundleContext(), 60);
            status = HeadlessShell.execute(processor, command, variables);
        }
        stop(framework);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
        System.exit(status);
    }

    /** Stops the framework (running runs are cancelled and recorded as such) and removes its cache. */
    private static void stop(Framework framework) {
        try {
            if (framework.getState() == Framework.ACTIVE || framework.getState() == Framework.STARTING) {
                framework.stop();
            }
            framework.waitForStop(TimeUnit.SECONDS.toMillis(60));
        } catch (Exception e) {
            System.err.println("nonid: stopping the framework: " + e);
        }
        ProcessFolders.remove(Distribution.fromSystem().frameworkCache());
        ProcessFolders.remove(Distribution.fromSystem().temporaryFolder());
    }

    private static void fail(String message) {
        System.err.println("nonid: " + message);
        System.exit(2);
    }
}
