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
 * one thread, inside a piece (nested calls), and while another caller's split is in progress.
 * When a split has several pieces, they run at the same time, each on its own thread, so pieces
 * may wait for one another; a body must also work when one call gets all the pieces' range.
 */
final class Parallel implements AutoCloseable {
    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle worker spins for the next piece before it sleeps. */
    private static final long SPIN_NANOS = 100_000;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock splitting = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long generation;
    private volatile boolean closed;
    // The current split; written before generation is advanced, read after it is seen.
    private RangeBody body;
    private int from;
    private int length;
    private int pieces;

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
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
     * {@code grain} indices (work below about a million flops is not worth a hand-off).
     */
    void forRange(int from, int to, int grain, RangeBody body) {
        int n = to - from;
        int count = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (count <= 1 || INSIDE.get() || !splitting.tryLock()) {
            body.run(from, to);
            return;
        }
        try {
            this.body = body;
            this.from = from;
            this.length = n;
            this.pieces = count;
            failure.set(null);
            pending.set(count - 1);
            generation++;
            for (int w = 0; w < count - 1; w++) {
                workers[w].wake();
            }
            runPiece(0);
            for (int spins = 0; pending.get() > 0; spins++) {
                pause(spins);
            }
            this.body = null;
            Throwable t = failure.get();
            if (t != null) {
                if (t instanceof RuntimeException e) {
                    throw e;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        } finally {
            splitting.unlock();
        }
    }

    private void runPiece(int piece) {
        int lo = from + (int) ((long) length * piece / pieces);
        int hi = from + (int) ((long) length * (piece + 1) / pieces);
        INSIDE.set(true);
        try {
            body.run(lo, hi);
        } finally {
            INSIDE.set(false);
        }
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

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /** A resident thread that runs piece {@code index} of every split that has that many pieces. */
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
            // Not read from the field: a split may have begun before this thread first ran.
            long seen = 0;
            while (!closed) {
                long now = awaitNext(seen);
                if (now == seen) {
                    continue;
                }
                seen = now;
                if (index < pieces) {
                    try {
                        runPiece(index);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        pending.decrementAndGet();
                    }
                }
            }
        }

        /** Waits until the generation moves past {@code seen} (or the pool closes); returns it. */
        private long awaitNext(long seen) {
            long start = System.nanoTime();
            for (int spins = 0; generation == seen && !closed; spins++) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    pause(spins);
                    continue;
                }
                sleeping = true;
                if (generation == seen && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
                start = System.nanoTime();
            }
            return generation;
        }
    }
}
