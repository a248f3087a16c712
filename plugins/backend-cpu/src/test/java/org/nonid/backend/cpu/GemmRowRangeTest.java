package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread computing some rows of a product never stores into the rows after its range, which
 * another thread owns: with outputs narrower than a vector, a whole-vector store at the end of a
 * row reaches into the next rows.
 */
@Timeout(120)
class GemmRowRangeTest {
    private static final VarHandle FLOATS = MethodHandles.arrayElementVarHandle(float[].class);

    @Test
    void narrowOutputsNeverWriteIntoTheNextThreadsRows() throws InterruptedException {
        for (int n : new int[] {3, 5, 7}) {
            int k = 4;
            int rows = 9;
            SplittableRandom r = new SplittableRandom(n);
            float[] a = new float[rows * k];
            float[] b = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble();
            }
            float[] c = new float[(rows + 16) * n];
            int first = rows * n; // the next thread's first element
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger overwritten = new AtomicInteger();
            // The other thread keeps writing rising values into its rows and checks they stay.
            Thread other = new Thread(() -> {
                float v = 1f;
                while (!stop.get()) {
                    for (int i = first; i < c.length; i++) {
                        FLOATS.setVolatile(c, i, v);
                    }
                    for (int i = first; i < c.length; i++) {
                        if ((float) FLOATS.getVolatile(c, i) != v) {
                            overwritten.incrementAndGet();
                        }
                    }
                    v += 1f;
                }
            });
            other.start();
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end && overwritten.get() == 0) {
                for (int rep = 0; rep < 1000; rep++) {
                    Gemm.axpyKernel(n, k, 1f, a, 0, k, 1, b, 0, c, 0, 0, rows);
                }
            }
            stop.set(true);
            other.join();
            assertEquals(0, overwritten.get(), "n = " + n + ": values of the rows after the range were written back stale");
        }
    }
}
