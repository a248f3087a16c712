package org.nonid.backend.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles float arrays by exact length. Training repeats the same shapes every step, so after
 * the first step almost every allocation is a pool hit and the garbage collector stays idle.
 * Holds at most {@code capacityFloats} floats; beyond that, released arrays go to the collector.
 * An allocation that finds no room beside the pooled arrays lets go of them all and tries again.
 */
final class BufferPool {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final long capacityFloats;
    private long pooledFloats;
    private long hits;
    private long misses;

    BufferPool(long capacityFloats) {
        this.capacityFloats = capacityFloats;
    }

    /** An array of exactly {@code size} floats with undefined contents. */
    synchronized float[] take(int size) {
        ArrayDeque<float[]> queue = free.get(size);
        if (queue != null && !queue.isEmpty()) {
            hits++;
            pooledFloats -= size;
            return queue.pop();
        }
        misses++;
        try {
            return new float[size];
        } catch (OutOfMemoryError full) {
            // pooled arrays of other lengths fill the heap: they are a cache, and give way
            clear();
            return new float[size];
        }
    }

    /** Gives an array back for reuse. */
    synchronized void give(float[] array) {
        if (pooledFloats + array.length > capacityFloats) {
            return;
        }
        free.computeIfAbsent(array.length, k -> new ArrayDeque<>()).push(array);
        pooledFloats += array.length;
    }

    /** Drops every pooled array. */
    synchronized void clear() {
        free.clear();
        pooledFloats = 0;
    }

    synchronized long pooledBytes() {
        return pooledFloats * Float.BYTES;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
