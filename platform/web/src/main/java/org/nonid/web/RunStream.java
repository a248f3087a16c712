package org.nonid.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.servlet.http.HttpServletResponse;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;
import org.nonid.api.run.RunStore;

/**
 * A run's new metric points and status as Server-Sent Events: {@code points} (a {@link History}
 * after the last step sent; the event id is that step, so a reconnecting browser continues where it
 * was), {@code status} when it changes, and {@code end} when the run has ended. The store is read
 * when the run has news on the {@link RunFeed}, at most every {@value #MIN_GAP_MS} ms.
 */
final class RunStream {
    static final long MIN_GAP_MS = 250;
    private static final long KEEP_ALIVE_MS = 15_000;

    private final RunStore store;
    private final RunFeed feed;

    RunStream(RunStore store, RunFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    void stream(long run, long after, HttpServletResponse response, BooleanSupplier open)
            throws IOException, InterruptedException {
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        long sent = after;
        String status = null;
        while (open.getAsBoolean()) {
            long version = feed.version(run);
            Optional<RunRecord> record = store.run(run);
            if (record.isEmpty()) {
                event(out, "end", null, Map.of("status", "deleted"));
                return;
            }
            History news = History.after(store.history(run), sent);
            if (!news.none()) {
                sent = news.last();
                event(out, "points", sent, news);
            }
            RunRecord r = record.get();
            if (!r.status().label().equals(status)) {
                status = r.status().label();
                event(out, "status", null, Map.of("status", status, "reason", r.reason(), "step", r.lastStep()));
            }
            if (r.status() != RunStatus.RUNNING) {
                event(out, "end", null, Map.of("status", status));
                return;
            }
            if (out.checkError()) {
                return;
            }
            if (!feed.await(run, version, KEEP_ALIVE_MS)) {
                return;
            }
            if (feed.version(run) == version) {
                out.write(": keep-alive\n\n");
                out.flush();
            }
            Thread.sleep(MIN_GAP_MS);
        }
    }

    private static void event(PrintWriter out, String name, Long id, Object data) {
        out.write("event: " + name + "\n");
        if (id != null) {
            out.write("id: " + id + "\n");
        }
        out.write("data: " + WebJson.text(data) + "\n\n");
        out.flush();
    }
}
