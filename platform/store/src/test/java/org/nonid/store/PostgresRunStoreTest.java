package org.nonid.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.run.RunStatus;

/** The PostgreSQL store on a real server: the contract, and what only a store that many hosts share does. */
class PostgresRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void database() throws Exception {
        url = PostgresServer.newDatabase();
    }

    @Override
    JdbcRunStore open() {
        return PostgresRunStore.open(url, dir);
    }

    @Override
    Connection sql() throws Exception {
        return PostgresServer.connect(url);
    }

    @Test
    void aRunOfAnotherHostIsInterruptedWhenItsHeartbeatsStopNotBefore() throws Exception {
        long quiet;
        long beating;
        try (JdbcRunStore store = open()) {
            quiet = store.createRun(newRun("cluster", 0));
            beating = store.createRun(newRun("cluster", 1));
        }
        try (Connection c = sql(); PreparedStatement s = c.prepareStatement(
                "UPDATE runs SET host = 'node-7', pid = 4242, alive_at = ? WHERE id = ?")) {
            s.setString(1, Instant.now().minus(JdbcRunStore.HEARTBEAT_STALE).minusSeconds(5).toString());
            s.setLong(2, quiet);
            s.executeUpdate();
            s.setString(1, Instant.now().toString());
            s.setLong(2, beating);
            s.executeUpdate();
        }
        try (JdbcRunStore store = open()) {
            var interrupted = store.run(quiet).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, interrupted.status());
            assertTrue(interrupted.reason().startsWith("its process (pid 4242 on node-7) sent no heartbeat since "),
                    interrupted.reason());
            assertEquals(RunStatus.RUNNING, store.run(beating).orElseThrow().status(), "its host still beats");
            assertTrue(store.claimTrial(newRun("cluster", 1), false).isEmpty(), "so its trial stays taken");
            assertTrue(store.claimTrial(newRun("cluster", 0), false).isPresent(), "the silent one's trial is free");
        }
    }

    @Test
    void aHeartbeatKeepsThisProcesssRunsAlive() throws Exception {
        try (JdbcRunStore store = open()) {
            long id = store.createRun(newRun("beat", 0));
            store.heartbeat();
            try (Connection c = sql(); var rs = c.createStatement().executeQuery("SELECT alive_at FROM runs WHERE id = " + id)) {
                rs.next();
                assertTrue(Instant.parse(rs.getString(1)).isAfter(Instant.now().minusSeconds(60)));
            }
        }
    }

    @Test
    void processesClaimingOneTrialAtOnceGetItOnce() throws Exception {
        int contenders = 6;
        List<JdbcRunStore> stores = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            stores.add(open());
        }
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<OptionalLong>> claims = new ArrayList<>();
            for (JdbcRunStore store : stores) {
                claims.add(pool.submit((Callable<OptionalLong>) () -> store.claimTrial(newRun("race", 0), true)));
            }
            int won = 0;
            for (Future<OptionalLong> f : claims) {
                won += f.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, won, "one claim in " + contenders);
        } finally {
            pool.shutdownNow();
            stores.forEach(JdbcRunStore::close);
        }
    }

    @Test
    void storesThatCannotBeUsedSayWhyInOneLine() throws Exception {
        IllegalArgumentException form = assertThrows(IllegalArgumentException.class,
                () -> PostgresRunStore.open("mysql://u:secret@127.0.0.1/db", dir));
        assertEquals("the store 'mysql://u:***@127.0.0.1/db' is not a PostgreSQL URL: write"
                + " postgresql://USER:PASSWORD@HOST:PORT/DATABASE", form.getMessage());
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        IllegalStateException unreachable = assertThrows(IllegalStateException.class,
                () -> PostgresRunStore.open("postgresql://nonid:pw@127.0.0.1:" + closed + "/nonid", dir));
        assertTrue(unreachable.getMessage().startsWith("cannot open the run store postgresql://nonid@127.0.0.1:" + closed
                + "/nonid: Connection to 127.0.0.1:" + closed + " refused"), unreachable.getMessage());
        assertEquals(1, unreachable.getMessage().lines().count());
        String wrongPassword = url.replaceFirst("//([^:@/]+):[^@]*@", "//$1:wrong@");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PostgresRunStore.open(wrongPassword, dir));
        assertTrue(refused.getMessage().contains("password authentication failed"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("wrong"), "the password is never shown: " + refused.getMessage());
        String missing = url.substring(0, url.lastIndexOf('/') + 1) + "no_such_database";
        IllegalStateException absent = assertThrows(IllegalStateException.class, () -> PostgresRunStore.open(missing, dir));
        assertTrue(absent.getMessage().contains("database \"no_such_database\" does not exist"), absent.getMessage());
    }
}
