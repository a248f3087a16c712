package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The buffer pool recycles arrays by length and never makes an allocation fail. */
class BufferPoolTest {

    @Test
    void aReleasedArrayComesBackForTheSameLength() {
        BufferPool pool = new BufferPool(1_000);
        float[] a = pool.take(100);
        pool.give(a);
        assertSame(a, pool.take(100));
        assertEquals(1, pool.hits());
        assertEquals(1, pool.misses());
    }

    @Test
    void arraysBeyondTheCapacityGoToTheCollector() {
        BufferPool pool = new BufferPool(150);
        pool.give(new float[100]);
        pool.give(new float[100]);
        assertEquals(400, pool.pooledBytes());
    }

    /**
     * A pool may hold most of the heap in arrays of one length; an array of another length that
     * does not fit beside them is made after the pool lets go of them, not refused.
     */
    @Test
    void pooledArraysYieldToAnAllocationThatWouldNotFitBesideThem() {
        long heapFloats = Runtime.getRuntime().maxMemory() / Float.BYTES;
        BufferPool pool = new BufferPool(heapFloats);
        int chunk = (int) Math.min(heapFloats / 20, Integer.MAX_VALUE - 16);
        List<float[]> held = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            held.add(pool.take(chunk));
        }
        held.forEach(pool::give);
        held.clear();
        float[] large = pool.take((int) Math.min(heapFloats / 2, Integer.MAX_VALUE - 16));
        assertEquals((int) Math.min(heapFloats / 2, Integer.MAX_VALUE - 16), large.length);
        assertEquals(0, pool.pooledBytes());
    }
}
