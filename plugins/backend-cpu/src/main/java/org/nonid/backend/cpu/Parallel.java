package org.nonid.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits index ranges over a fixed number of threads: the range is cut into chunks, a block of a
 * few consecutive chunks for each thread (the calling thread's first); each thread claims its own
 * block's chunks, then helps with what is left of the others', so that a thread on a core that
 * another process slows takes fewer chunks instead of holding up the call, while undisturbed
 * threads keep to the same rows from call to call (and find them in their core's cache). Kernels
 * hand out work thousands of times per training step, often a few microseconds each, so the
 * workers wait for the next split spinning for a moment before they sleep: waking a sleeping
 * thread costs more than most chunks take. Runs inline with one thread, inside a chunk (nested
 * calls), while another caller's split is in progress, and after {@link #close}. Which thread
 * runs a chunk, and whether one thread runs several, is left to chance: a body must give the same
 * results wherever the range is cut (on its quantum) and must never wait for another chunk of its
 * call (a worker may not come for it). While as many threads call as there
 * are threads to split over (two trials at once on two cores), each runs its work itself: the
 * callers already keep every core busy, and workers would only take turns with them.
 */
final class Parallel implements AutoCloseable {
    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /**
     * One call's work, published whole to the workers (they read nothing else): {@code chunks}
     * chunks in one block of consecutive chunks for each of the {@code helpers + 1} threads that
     * take part, {@code next[b]} the next chunk of block b to claim; {@code ended} counts the chunks
     * that have ended (or will never run, after a failure). A thread claims its own block's chunks
     * first, then those left in the others' blocks: undisturbed, each thread runs the same rows in
     * every call over the same range (the caller the first block), so that a call finds in its
     * core's cache what the previous call over those rows left there.
     */
    private record Split(long generation, RangeBody body, int from, int length, int quantum, int chunks, int helpers,
                         AtomicIntegerArray next, AtomicInteger ended, AtomicReference<Throwable> failure) {
        static Split of(long generation, RangeBody body, int from, int length, int quantum, int chunks, int helpers) {
            AtomicIntegerArray next = new AtomicIntegerArray(helpers + 1);
            Split split = new Split(generation, body, from, length, quantum, chunks, helpers, next, new AtomicInteger(),
                    new AtomicReference<>());
            for (int b = 0; b <= helpers; b++) {
                next.set(b, split.blockStart(b));
            }
            // The caller's first chunk is its own: it runs it without claiming (see runChunks).
            next.set(0, 1);
            return split;
        }

        /** The first chunk of block b (the chunks' count for b past the last block). */
        int blockStart(int b) {
            return (int) ((long) chunks * b / (helpers + 1));
        }

        /** Where chunk c starts: a multiple of the quantum from {@code from}, or the range's end. */
        int start(int c) {
            if (c >= chunks) {
                return from + length;
            }
            long at = (long) length * c / chunks;
            return from + (int) (at - at % quantum);
        }

        /** The next unclaimed chunk: from block {@code home}, else from the blocks after it; -1 when none is left. */
        int claim(int home) {
            int blocks = helpers + 1;
            for (int i = 0; i < blocks; i++) {
                int b = (home + i) % blocks;
                int end = blockStart(b + 1);
                // Read first: an exhausted block is passed without writing to its counter.
                if (next.get(b) < end) {
                    int c = next.getAndIncrement(b);
                    if (c < end) {
                        return c;
                    }
                }
            }
            return -1;
        }

        /**
         * Runs chunk 0 if {@code first} (the caller's), then claims and runs chunks, its own block's
         * first, until none is left. A failure leaves the chunks not yet claimed unrun, and is
         * thrown (the caller's) or kept for the caller (a worker's) before its chunk counts as ended.
         */
        void runChunks(int home, boolean first, boolean keepFailure) {
            INSIDE.set(true);
            try {
                for (int c = first ? 0 : claim(home); c >= 0; c = claim(home)) {
                    try {
                        body.run(start(c), start(c + 1));
                    } catch (Throwable e) {
                        abandonUnclaimed();
                        if (!keepFailure) {
                            throw e;
                        }
                        failure.compareAndSet(null, e);
                    } finally {
                        ended.incrementAndGet();
                    }
                }
            } finally {
                INSIDE.set(false);
            }
        }

        /** Ends the claiming: every chunk not yet claimed counts as ended and will not run. */
        private void abandonUnclaimed() {
            for (int b = 0; b <= helpers; b++) {
                int end = blockStart(b + 1);
                int unclaimed = next.getAndSet(b, end);
                if (unclaimed < end) {
                    ended.addAndGet(end - unclaimed);
                }
            }
        }
    }

    /** How long after its last call a caller still counts as calling (a trial calls many times a millisecond). */
    private static final long ACTIVE_NANOS = 250_000_000;

    /** Chunks per thread: enough that a slowed thread's last chunk is a small part of the call. */
    static final int CHUNKS_PER_THREAD = 4;

    /** How long an idle worker waits for the next split (spinning, then yielding) before it sleeps. */
    private static final long WAIT_NANOS = 100_000;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock splitting = new ReentrantLock();
    private final RecentCallers callers;
    private final long activeNanos;
    private volatile Split current;
    private volatile boolean closed;
    private long generations;

    Parallel(int threads) {
        this(threads, ACTIVE_NANOS);
    }

    /** With how long after its last call a caller still counts as calling. */
    Parallel(int threads, long activeNanos) {
        this(threads, activeNanos, true);
    }

    /**
     * Splits as for {@code threads} threads, but no worker ever comes (as when every other core is
     * taken): the caller runs every chunk, one after another.
     */
    static Parallel withoutWorkers(int threads) {
        return new Parallel(threads, ACTIVE_NANOS, false);
    }

    private Parallel(int threads, long activeNanos, boolean startWorkers) {
        this.threads = Math.max(1, threads);
        this.activeNanos = activeNanos;
        this.workers = new Worker[this.threads - 1];
        this.callers = new RecentCallers(this.threads);
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            if (startWorkers) {
                workers[w].thread.start();
            }
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs the body over [from, to) in chunks that the threads claim, none smaller than
     * {@code grain} indices (work below about a million flops is not worth a hand-off). Returns
     * when every chunk has ended; a failure in any chunk is thrown (the caller's own first).
     */
    void forRange(int from, int to, int grain, RangeBody body) {
        forRange(from, to, grain, 1, body);
    }

    /**
     * {@link #forRange(int, int, int, RangeBody)} with every chunk starting a multiple of
     * {@code quantum} indices after {@code from} (at most {@code grain}).
     */
    void forRange(int from, int to, int grain, int quantum, RangeBody body) {
        int n = to - from;
        int chunks = (int) Math.min((long) threads * CHUNKS_PER_THREAD, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || threads == 1 || closed || INSIDE.get() || callers.noteAndCount(activeNanos) >= threads
                || !splitting.tryLock()) {
            body.run(from, to);
            return;
        }
        try {
            if (closed) {
                body.run(from, to);
                return;
            }
            Split split = Split.of(++generations, body, from, n, Math.max(1, Math.min(quantum, grain)), chunks,
                    Math.min(threads, chunks) - 1);
            current = split;
            for (int w = 0; w < split.helpers(); w++) {
                workers[w].wake();
            }
            Throwable own = null;
            try {
                split.runChunks(0, true, false);
            } catch (RuntimeException | Error e) {
                own = e;
            }
            for (int spins = 0; split.ended().get() < chunks; spins++) {
                pause(spins);
            }
            Throwable other = split.failure().get();
            if (own != null) {
                if (other != null && other != own) {
                    own.addSuppressed(other);
                }
                throw rethrown(own);
            }
            if (other != null) {
                throw rethrown(other);
            }
        } finally {
            splitting.unlock();
        }
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /**
     * One turn of a wait loop: a spin hint at first, then yielding the processor, so that a waiting
     * thread does not hold a core that the thread it waits for needs (more runnable threads than
     * cores: other trials, other processes).
     */
    static void pause(int spins) {
        if (spins < 200) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Lets the workers end once a split in progress has completed; later calls run inline. */
    @Override
    public void close() {
        splitting.lock();
        try {
            closed = true;
        } finally {
            splitting.unlock();
        }
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** A resident thread that claims chunks of every split that has more than {@code index} helpers. */
    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean sleeping;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "nonid-cpu-" + index);
            this.thread.setDaemon(true);
        }

        void wake() {
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            // Generation 0 is "no split yet": a split may have begun before this thread first ran.
            long seen = 0;
            while (true) {
                Split split = awaitNext(seen);
                if (split == null) {
                    return;
                }
                seen = split.generation();
                if (index <= split.helpers()) {
                    split.runChunks(index, false, true);
                }
            }
        }

        /** The next split after generation {@code seen}; null once the pool is closed and none is new. */
        private Split awaitNext(long seen) {
            long start = System.nanoTime();
            for (int spins = 0; ; spins++) {
                Split split = current;
                if (split != null && split.generation() != seen) {
                    return split;
                }
                if (closed) {
                    return null;
                }
                if (System.nanoTime() - start < WAIT_NANOS) {
                    pause(spins);
                    continue;
                }
                sleeping = true;
                split = current;
                if ((split == null || split.generation() == seen) && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
                start = System.nanoTime();
                spins = 0;
            }
        }
    }
}
