package org.nonid.backend.cpu;

import java.lang.management.ManagementFactory;

/**
 * What a kernel allocates a call once the JIT has compiled it. A kernel whose vectors stay in
 * registers allocates nothing; one whose vectors the JIT boxes (a method taking or returning
 * vectors left out of line) allocates on every call, however long it runs.
 */
final class SteadyStateAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SteadyStateAllocation() {
    }

    /**
     * The fewest bytes a call allocated, over rounds of {@code calls} calls, stopping at the first
     * round that allocates nothing or after {@code seconds}.
     */
    static long leastBytesPerCall(Runnable kernel, int calls, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long least = Long.MAX_VALUE;
        while (least > 0 && System.nanoTime() < deadline) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                kernel.run();
            }
            least = Math.min(least, (THREADS.getCurrentThreadAllocatedBytes() - before) / calls);
        }
        return least;
    }

    /**
     * The fewest bytes a call of {@code larger} allocated beyond a call of {@code smaller}, over
     * rounds of {@code calls} calls of each, stopping at the first round at or under {@code limit}
     * or after {@code seconds}. A call's own scratch is the same for both; a boxed vector comes
     * again with every row of work.
     */
    static long leastGrowth(Runnable smaller, Runnable larger, int calls, long limit, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long least = Long.MAX_VALUE;
        while (least > limit && System.nanoTime() < deadline) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                smaller.run();
            }
            long middle = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                larger.run();
            }
            long after = THREADS.getCurrentThreadAllocatedBytes();
            least = Math.min(least, ((after - middle) - (middle - before)) / calls);
        }
        return least;
    }
}
