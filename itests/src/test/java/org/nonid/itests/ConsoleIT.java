package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The interactive console in a real terminal: tmux runs bin/nonid, keys are typed into it and the
 * screen is read back. The banner, help, completion of languages and run ids, an error without a
 * class name, and exit.
 */
public class ConsoleIT {
    private static final String SOCKET = "nonid-console-it";
    private static Path errors;

    private static String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test drives the console through tmux; install it (apt-get install tmux,"
                    + " as .ci/run does)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("tmux " + args[0] + " did not end", p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("tmux " + String.join(" ", args) + ": " + out, 0, p.exitValue());
        return out;
    }

    private static String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "console", "-S", "-200");
    }

    private static String awaitScreen(String expected, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = "";
        while (System.nanoTime() < end) {
            s = screen();
            if (s.contains(expected)) {
                return s;
            }
            Thread.sleep(250);
        }
        fail("the console never showed '" + expected + "'; it shows:\n" + s + "\nits errors:\n"
                + (errors != null && Files.exists(errors) ? Files.readString(errors) : "(none)") + "\npanes: "
                + tmux("list-panes", "-a", "-F", "#{pane_dead} #{pane_pid} #{pane_current_command}"));
        return s;
    }

    private static void type(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "console"));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0]));
    }

    private static Path copies;

    @After
    public void closeTerminal() throws Exception {
        if (copies != null) {
            Files.deleteIfExists(copies);
        }
        new ProcessBuilder("tmux", "-L", SOCKET, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    public void theConsoleGreetsListsCompletesExplainsAndExits() throws Exception {
        Path data = Runtime.freshWork("console");
        Path nonid = Runtime.home().resolve("bin/nonid");
        // one recorded run, for the completion of run ids
        Process train = Runtime.launcher(data, "-c", "nonid:train -n 2 aNbN transformer maxLength=8 dModel=8 heads=2"
                + " layers=1 feedForward=16 promptLength=4").redirectOutput(data.resolve("train.log").toFile()).start();
        assertTrue(train.waitFor(180, TimeUnit.SECONDS));
        assertEquals(Files.readString(data.resolve("train.log")), 0, train.exitValue());

        // a copy of a built-in bundle dropped into plugins/: noted, and deleting it must not remove the built-in
        Path plugins = Runtime.home().resolve("plugins");
        Path copy = plugins.resolve("console-it-copy.jar");
        try (var jars = Files.list(Runtime.home().resolve("bundle"))) {
            Path linear = jars.filter(j -> j.getFileName().toString().startsWith("org.nonid.model.linear"))
                    .findFirst().orElseThrow();
            Files.copy(linear, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        copies = copy;
        tmux("new-session", "-d", "-s", "console", "-x", "160", "-y", "60",
                "env NONID_DATA='" + data + "' NONID_NO_BUILD=1 NONID_HEAP_PERCENT=15 '" + nonid + "' 2>>'"
                        + data.resolve("console.err") + "'; echo EXITED $?; sleep 120");
        errors = data.resolve("console.err");
        String start = awaitScreen("nonid>", 120);
        assertTrue(start, start.contains("NonID: train small autoregressive models"));
        assertFalse("no framework banner: " + start, start.contains("Welcome to Apache Felix Gogo"));
        assertFalse("no JVM warning: " + start, start.contains("WARNING: Using incubator modules"));

        String note = "nonid: plugins/console-it-copy.jar is a copy of the built-in bundle org.nonid.model.linear";
        for (int i = 0; i < 100 && !Files.readString(errors).contains(note); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(errors), Files.readString(errors).contains(note));
        Files.delete(copy);
        Thread.sleep(4000);
        type("lb -l | grep org.nonid.model.linear", "Enter");
        awaitScreen("bundle/org.nonid.model.linear", 30);

        type("help nonid", "Enter");
        String help = awaitScreen("import ", 30);
        assertTrue(help, help.contains("train a model on a language, showing progress"));
        assertTrue(help, help.contains("resume an experiment"));

        type("show 999", "Enter");
        String error = awaitScreen("no run 999", 30);
        assertEquals("an error without a class name", List.of("no run 999"),
                error.lines().filter(l -> l.contains("no run 999") && !l.startsWith("nonid>")).toList());

        type("nonid:train aN", "Tab");
        String languages = awaitScreen("aNbNcN", 30);
        assertTrue(languages, languages.contains("aNbNaN"));
        type("C-e", "C-u");

        type("show ", "Tab");
        awaitScreen("nonid> show 1", 30);
        type("C-e", "C-u");

        type("nonid:train -c adv", "Tab");
        awaitScreen("nonid> nonid:train -c adversarial", 30);
        type("C-e", "C-u");

        type("exit", "Enter");
        awaitScreen("EXITED 0", 90);
    }
}
