package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker threads: whole ranges covered once, chunks claimed by whoever is free, failures reported. */
@Timeout(120)
class ParallelTest {

    @Test
    void aSplitRightAfterStartDoesNotWaitForAWorkerThatMissedIt() {
        // A worker that first ran after the split had begun used to wait for the next one, forever.
        // Busy threads keep the processors taken so that new workers start late.
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] busy = new Thread[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            });
            busy[i].setDaemon(true);
            busy[i].start();
        }
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int round = 0; round < 300; round++) {
                    try (Parallel parallel = new Parallel(2)) {
                        AtomicInteger sum = new AtomicInteger();
                        parallel.forRange(0, 2, 1, (lo, hi) -> sum.addAndGet(hi - lo));
                        assertEquals(2, sum.get());
                    }
                }
            });
        } finally {
            stop.set(true);
        }
    }

    @Test
    void everyIndexIsCoveredOnceAndTheCallerTakesAPiece() {
        try (Parallel parallel = new Parallel(3)) {
            for (int n : new int[] {1, 2, 3, 7, 1000}) {
                int[] seen = new int[n];
                ConcurrentHashMap<Thread, Boolean> threads = new ConcurrentHashMap<>();
                parallel.forRange(0, n, 1, (lo, hi) -> {
                    threads.put(Thread.currentThread(), true);
                    for (int i = lo; i < hi; i++) {
                        seen[i]++;
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen[i], "index " + i + " of " + n);
                }
                assertTrue(threads.size() <= Math.min(3, n), threads.size() + " threads used for " + n + " indices");
                assertTrue(threads.containsKey(Thread.currentThread()), "the caller runs a chunk");
            }
        }
    }

    @Test
    void chunksStartOnMultiplesOfTheQuantum() {
        try (Parallel parallel = Parallel.withoutWorkers(3)) {
            int[] seen = new int[1003];
            java.util.List<Integer> starts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            parallel.forRange(3, 1003, 64, 16, (lo, hi) -> {
                starts.add(lo);
                for (int i = lo; i < hi; i++) {
                    seen[i]++;
                }
            });
            for (int i = 3; i < 1003; i++) {
                assertEquals(1, seen[i], "index " + i);
            }
            assertEquals(3 * Parallel.CHUNKS_PER_THREAD, starts.size(), "chunks");
            for (int start : starts) {
                assertEquals(0, (start - 3) % 16, "a chunk starts at " + start);
            }
        }
    }

    @Test
    void workersTakeTheChunksThatTheBusyCallerCannot() {
        try (Parallel parallel = new Parallel(2)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                for (int round = 0; round < 200; round++) {
                    CountDownLatch bothStarted = new CountDownLatch(2);
                    parallel.forRange(0, 2, 1, (lo, hi) -> {
                        bothStarted.countDown();
                        try {
                            assertTrue(bothStarted.await(10, java.util.concurrent.TimeUnit.SECONDS), "the other chunk ran");
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            });
        }
    }

    @Test
    void aSlowedWorkerLeavesTheRestOfItsShareToTheCaller() {
        // A worker whose core is taken by another process for a while: the caller does not wait
        // for it with half the range left, it takes the chunks the worker has not claimed.
        try (Parallel parallel = new Parallel(2)) {
            CountDownLatch workerStarted = new CountDownLatch(1);
            AtomicInteger onCaller = new AtomicInteger();
            AtomicInteger onWorker = new AtomicInteger();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
              Thread caller = Thread.currentThread();
              parallel.forRange(0, 800, 1, (lo, hi) -> {
                if (Thread.currentThread() == caller) {
                    onCaller.addAndGet(hi - lo);
                    return;
                }
                onWorker.addAndGet(hi - lo);
                if (workerStarted.getCount() > 0) {
                    workerStarted.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
              });
            });
            assertEquals(800, onCaller.get() + onWorker.get());
            assertTrue(onCaller.get() >= 600, "the caller ran " + onCaller.get() + " of 800 indices");
        }
    }

    @Test
    void eachThreadStartsOnItsOwnBlockOfChunks() {
        // Undisturbed, a thread runs the same rows in every call over a range (the caller the first
        // block): every thread's first chunk waits until all have begun (so that none takes another's
        // chunks before that one has come), and each worker's first chunk must be the first of its
        // block, not the next after the caller's.
        for (int threads : new int[] {2, 3}) {
            try (Parallel parallel = new Parallel(threads)) {
                int n = 400 * threads;
                ConcurrentHashMap<Thread, Integer> firstStart = new ConcurrentHashMap<>();
                CountDownLatch allBegun = new CountDownLatch(threads);
                AtomicReference<Thread> caller = new AtomicReference<>();
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    caller.set(Thread.currentThread());
                    parallel.forRange(0, n, 1, (lo, hi) -> {
                        if (firstStart.putIfAbsent(Thread.currentThread(), lo) != null) {
                            return;
                        }
                        allBegun.countDown();
                        try {
                            allBegun.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                });
                assertEquals(0, firstStart.get(caller.get()), threads + " threads: the caller's first chunk");
                Set<Integer> workerStarts = new TreeSet<>(firstStart.values());
                workerStarts.remove(0);
                Set<Integer> blockStarts = new TreeSet<>();
                for (int b = 1; b < threads; b++) {
                    blockStarts.add(400 * b);
                }
                assertEquals(blockStarts, workerStarts, threads + " threads: where the workers' first chunks start");
            }
        }
    }

    @Test
    void aSplitEndsOnTheCallerAloneWhenNoWorkerComes() {
        try (Parallel parallel = Parallel.withoutWorkers(2)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                int[] seen = new int[1000];
                ConcurrentHashMap<Thread, Boolean> threads = new ConcurrentHashMap<>();
                AtomicInteger chunks = new AtomicInteger();
                parallel.forRange(0, 1000, 1, (lo, hi) -> {
                    threads.put(Thread.currentThread(), true);
                    chunks.incrementAndGet();
                    for (int i = lo; i < hi; i++) {
                        seen[i]++;
                    }
                });
                for (int i = 0; i < seen.length; i++) {
                    assertEquals(1, seen[i], "index " + i);
                }
                assertEquals(java.util.Set.of(Thread.currentThread()), threads.keySet());
                assertEquals(2 * Parallel.CHUNKS_PER_THREAD, chunks.get(), "chunks, each run by itself");
            });
        }
    }

    @Test
    void aFailingPieceFailsTheCallAndTheNextCallWorks() {
        try (Parallel parallel = new Parallel(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    parallel.forRange(0, 2, 1, (lo, hi) -> {
                        if (lo == 1) {
                            throw new IllegalArgumentException("piece 1 failed");
                        }
                    }));
            assertEquals("piece 1 failed", e.getMessage());
            AtomicInteger sum = new AtomicInteger();
            parallel.forRange(0, 100, 1, (lo, hi) -> sum.addAndGet(hi - lo));
            assertEquals(100, sum.get());
        }
    }

    @Test
    void splitsOfDifferentSizesRunEachPieceOnce() {
        // A worker left out of a two-piece split must not take a piece of the next, larger split twice.
        try (Parallel parallel = new Parallel(3)) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int round = 0; round < 20_000; round++) {
                    int pieces = 2 + round % 2;
                    java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(pieces);
                    parallel.forRange(0, pieces, 1, (lo, hi) -> {
                        for (int i = lo; i < hi; i++) {
                            runs.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < pieces; i++) {
                        assertEquals(1, runs.get(i), "round " + round + ", piece " + i);
                    }
                }
            });
        }
    }

    @Test
    void aFailingFirstChunkStillWaitsForTheOthers() {
        try (Parallel parallel = new Parallel(2)) {
            java.util.concurrent.atomic.AtomicBoolean secondDone = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch secondStarted = new CountDownLatch(1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                    parallel.forRange(0, 2, 1, (lo, hi) -> {
                        if (lo == 0) {
                            try {
                                secondStarted.await(10, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException ex) {
                                Thread.currentThread().interrupt();
                            }
                            throw new IllegalStateException("chunk 0 failed");
                        }
                        secondStarted.countDown();
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                        secondDone.set(true);
                        throw new IllegalArgumentException("chunk 1 failed too");
                    }));
            assertTrue(secondDone.get(), "the call returned while chunk 1 was still running");
            assertEquals("chunk 0 failed", e.getMessage());
            assertEquals(1, e.getSuppressed().length, "chunk 1's failure is attached");
        }
    }

    @Test
    void callsAfterCloseRunInline() {
        Parallel parallel = new Parallel(2);
        parallel.close();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
            parallel.forRange(0, 1000, 1, (lo, hi) -> used.put(Thread.currentThread(), true));
            assertEquals(1, used.size());
        });
    }

    @Test
    void nestedAndConcurrentCallsRunInline() throws Exception {
        try (Parallel parallel = new Parallel(2)) {
            AtomicLong nestedThreads = new AtomicLong();
            parallel.forRange(0, 2, 1, (lo, hi) -> {
                Thread outer = Thread.currentThread();
                parallel.forRange(0, 100, 1, (a, b) -> {
                    if (Thread.currentThread() != outer) {
                        nestedThreads.incrementAndGet();
                    }
                });
            });
            assertEquals(0, nestedThreads.get(), "a call inside a piece runs on that piece's thread");

            // Another thread's call while a split is in progress runs on its own thread, at once.
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> parallel.forRange(0, 2, 1, (lo, hi) -> {
                if (lo == 0) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            holder.start();
            assertTrue(inside.await(10, java.util.concurrent.TimeUnit.SECONDS));
            ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
            parallel.forRange(0, 1000, 1, (lo, hi) -> used.put(Thread.currentThread(), true));
            assertEquals(1, used.size());
            assertTrue(used.containsKey(Thread.currentThread()));
            release.countDown();
            holder.join(10_000);
            assertNotEquals(Thread.State.RUNNABLE, holder.getState());
        }
    }

    @Test
    void whileAsManyThreadsCallAsThereAreWorkersEachRunsItsWorkItself() throws Exception {
        // a window far longer than any pause of a busy machine, so that both callers always count
        try (Parallel parallel = new Parallel(2, 10_000_000_000L)) {
            // Two callers (two trials at once on two threads): the workers would only take turns with them.
            CyclicBarrier bothStarted = new CyclicBarrier(2);
            AtomicInteger onWorkers = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            Runnable caller = () -> {
                try {
                    parallel.forRange(0, 2, 1, (lo, hi) -> { });
                    bothStarted.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    for (int i = 0; i < 2_000; i++) {
                        Thread me = Thread.currentThread();
                        parallel.forRange(0, 2, 1, (lo, hi) -> {
                            if (Thread.currentThread() != me) {
                                onWorkers.incrementAndGet();
                            }
                        });
                        calls.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Thread first = new Thread(caller);
            Thread second = new Thread(caller);
            first.start();
            second.start();
            first.join(60_000);
            second.join(60_000);
            assertEquals(4_000, calls.get());
            assertEquals(0, onWorkers.get(), "no piece went to a worker while two threads called");
        }
    }

    @Test
    void aCallerAloneAgainSplitsOnceTheOtherHasBeenQuietForTheWindow() throws Exception {
        try (Parallel parallel = new Parallel(2, 50_000_000L)) {
            Thread other = new Thread(() -> parallel.forRange(0, 2, 1, (lo, hi) -> { }));
            other.start();
            other.join(10_000);
            Thread.sleep(150);
            ConcurrentHashMap<Thread, Boolean> used = new ConcurrentHashMap<>();
            Thread caller = Thread.currentThread();
            parallel.forRange(0, 2, 1, (lo, hi) -> {
                used.put(Thread.currentThread(), true);
                // the caller's chunk waits a while for a worker to take the other
                for (long end = System.nanoTime() + 5_000_000_000L; Thread.currentThread() == caller
                        && used.size() < 2 && System.nanoTime() < end; ) {
                    Thread.onSpinWait();
                }
            });
            assertEquals(2, used.size());
        }
    }
}
