package org.nonid.backend.cpu;

/**
 * The threads that called lately, up to a fixed number of them: enough to tell whether as many
 * threads call as there are to split work over. Each call notes its thread (by id, so that no
 * thread is kept alive) and counts the ones seen within a window; a thread not seen for longer
 * gives its place to a new one.
 */
final class RecentCallers {
    private final long[] ids;
    private final long[] seenAt;

    RecentCallers(int places) {
        ids = new long[places];
        seenAt = new long[places];
    }

    /** Notes the calling thread now and returns how many noted threads, it included, called within {@code windowNanos}. */
    synchronized int noteAndCount(long windowNanos) {
        long now = System.nanoTime();
        long me = Thread.currentThread().getId();
        int place = -1;
        int free = -1;
        int oldest = -1;
        int active = 1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == me) {
                place = i;
            } else if (ids[i] == 0) {
                free = free < 0 ? i : free;
            } else {
                if (now - seenAt[i] < windowNanos) {
                    active++;
                }
                if (oldest < 0 || seenAt[i] - seenAt[oldest] < 0) {
                    oldest = i;
                }
            }
        }
        if (place < 0) {
            place = free >= 0 ? free : oldest;
            ids[place] = me;
        }
        seenAt[place] = now;
        return active;
    }
}
