package org.nonid.web;

import java.util.HashMap;
import java.util.Map;
import org.nonid.api.run.RunEvents;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * The engine's run events ({@link RunEvents}) as a signal per run: a stream of a run's points
 * waits here until the run has news, instead of asking the store over and over.
 */
@Component(service = {RunFeed.class, EventHandler.class}, property = "event.topics=" + RunEvents.ALL)
public final class RunFeed implements EventHandler {
    private final Object lock = new Object();
    private final Map<Long, Long> versions = new HashMap<>();
    private boolean closed;

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(RunEvents.RUN) instanceof Long run) {
            synchronized (lock) {
                versions.merge(run, 1L, Long::sum);
                lock.notifyAll();
            }
        }
    }

    /** How many events the run has had. */
    long version(long run) {
        synchronized (lock) {
            return versions.getOrDefault(run, 0L);
        }
    }

    /**
     * Waits until the run has an event after {@code seen} (a {@link #version}), the time is up or
     * the feed closes.
     *
     * @return false when the feed closed: streams end
     */
    boolean await(long run, long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (!closed && versions.getOrDefault(run, 0L) == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                lock.wait(left);
            }
            return !closed;
        }
    }

    @Deactivate
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
