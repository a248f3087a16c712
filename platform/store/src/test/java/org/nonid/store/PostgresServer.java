package org.nonid.store;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the store's tests: the one {@code .ci/run} started (its URL in
 * {@code NONID_TEST_POSTGRESQL}), or else one this JVM starts from Debian's {@code postgresql}
 * package (initdb and pg_ctl in a folder under target/, on 127.0.0.1 and a free port, stopped at exit).
 * Each test gets a database of its own.
 */
final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String admin;

    private PostgresServer() {
    }

    /** The URL of a new, empty database. */
    static synchronized String newDatabase() throws Exception {
        if (admin == null) {
            String given = System.getenv("NONID_TEST_POSTGRESQL");
            admin = given != null && !given.isBlank() ? given.trim() : start();
        }
        String name = "nonid_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }

    /** A plain connection to a database by its URL. */
    static Connection connect(String url) throws Exception {
        java.net.URI uri = new java.net.URI(url);
        Properties props = new Properties();
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            props.setProperty("user", parts[0]);
            if (parts.length > 1) {
                props.setProperty("password", parts[1]);
            }
        }
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort()
                + uri.getPath(), props);
    }

    private static String start() throws Exception {
        Path bin = binaries();
        Path dir = Paths.get("target", "postgres-" + ProcessHandle.current().pid()).toAbsolutePath();
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // PostgreSQL will not run as root: the Debian package's postgres user runs it
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path password = Files.writeString(dir.resolve("password"), "nonid\n");
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "nonid",
                "--pwfile=" + password, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                        "stop"), root);
            } catch (Exception ignored) {
                // the folder is under target/ and goes with mvn clean
            }
        }));
        return "postgresql://nonid:nonid@127.0.0.1:" + port + "/postgres";
    }

    /** The folder of initdb and pg_ctl: Debian's /usr/lib/postgresql/VERSION/bin, or the PATH's. */
    private static Path binaries() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            for (File v : versions) {
                if (new File(v, "bin/initdb").canExecute() && new File(v, "bin/pg_ctl").canExecute()) {
                    return v.toPath().resolve("bin");
                }
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(entry, "initdb").canExecute() && new File(entry, "pg_ctl").canExecute()) {
                return Paths.get(entry);
            }
        }
        throw new IllegalStateException("the PostgreSQL store's tests need a PostgreSQL server: set NONID_TEST_POSTGRESQL"
                + " to one's URL, or install Debian's postgresql package (.ci/run does) so that they start their own");
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
        }
    }
}
