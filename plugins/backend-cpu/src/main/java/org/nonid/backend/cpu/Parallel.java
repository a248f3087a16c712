package org.nonid.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits index ranges over a fixed number of threads: the calling thread takes the first piece
 * and resident workers the others. Kernels hand out work thousands of times per training step,
 * often a few microseconds each, so the workers wait for the next piece spinning for a moment
 * before they sleep: waking a sleeping thread costs more than most pieces take. Runs inline with
 * one thread, inside a piece (nested calls), while another caller's split is in progress, and
 * after {@link #close}. When a split has several pieces, they run at the same time, each on its
 * own thread, so pieces may wait for one another; a body must also work when one call gets all
 * the pieces' range. While as many threads call as there are threads to split over (two trials at
 * once on two cores), each runs its work itself: the callers already keep every core busy, and
 * workers would only take turns with them.
 */
final class Parallel implements AutoCloseable {
    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** One call's work, published whole to the workers (they read nothing else). */
    private record Split(long generation, RangeBody body, int from, int length, int pieces, AtomicInteger pending,
                         AtomicReference<Throwable> failure) {
        void runPiece(int piece) {
            int lo = from + (int) ((long) length * piece / pieces);
            int hi = from + (int) ((long) length * (piece + 1) / pieces);
            INSIDE.set(true);
            try {
                body.run(lo, hi);
            } finally {
                INSIDE.set(false);
            }
        }
    }

    /** How long after its last call a caller still counts as calling (a trial calls many times a millisecond). */
    private static final long ACTIVE_NANOS = 250_000_000;

    /** How long an idle worker waits for the next piece (spinning, then yielding) before it sleeps. */
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
        this.threads = Math.max(1, threads);
        this.activeNanos = activeNanos;
        this.workers = new Worker[this.threads - 1];
        this.callers = new RecentCallers(this.threads);
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].thread.start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs the body over [from, to) in up to {@code threads} pieces, none smaller than
     * {@code grain} indices (work below about a million flops is not worth a hand-off). Returns
     * when every piece has ended; a failure in any piece is thrown (the caller's own first).
     */
    void forRange(int from, int to, int grain, RangeBody body) {
        int n = to - from;
        int count = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (count <= 1 || closed || INSIDE.get() || callers.noteAndCount(activeNanos) >= threads
                || !splitting.tryLock()) {
            body.run(from, to);
            return;
        }
        try {
            if (closed) {
                body.run(from, to);
                return;
            }
            Split split = new Split(++generations, body, from, n, count, new AtomicInteger(count - 1),
                    new AtomicReference<>());
            current = split;
            for (int w = 0; w < count - 1; w++) {
                workers[w].wake();
            }
            Throwable own = null;
            try {
                split.runPiece(0);
            } catch (RuntimeException | Error e) {
                own = e;
            }
            for (int spins = 0; split.pending().get() > 0; spins++) {
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

    /** A resident thread that runs piece {@code index} of every split with more than {@code index} pieces. */
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
                if (index < split.pieces()) {
                    try {
                        split.runPiece(index);
                    } catch (Throwable t) {
                        split.failure().compareAndSet(null, t);
                    } finally {
                        split.pending().decrementAndGet();
                    }
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
