package org.nonid.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/** Splits index ranges over a fixed number of worker threads; runs inline with one thread. */
final class Parallel implements AutoCloseable {
    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ForkJoinPool pool;

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads) : null;
    }

    int threads() {
        return threads;
    }

    /**
     * Runs the body over [from, to) in up to {@code threads} pieces, none smaller than
     * {@code grain} indices (work below about a million flops is not worth a thread hand-off).
     */
    void forRange(int from, int to, int grain, RangeBody body) {
        int n = to - from;
        int pieces = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (pieces <= 1 || pool == null || ForkJoinTask.inForkJoinPool()) {
            body.run(from, to);
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[pieces];
        for (int t = 0; t < pieces; t++) {
            int lo = from + (int) ((long) n * t / pieces);
            int hi = from + (int) ((long) n * (t + 1) / pieces);
            tasks[t] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(lo, hi);
                }
            };
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
