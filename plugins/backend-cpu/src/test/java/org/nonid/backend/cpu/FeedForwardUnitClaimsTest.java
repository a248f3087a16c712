package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.FeedForwardShape;

/**
 * The fused feed-forward backward commits its units in order, and a thread waits only for units
 * that other threads have claimed: when the workers never come, the caller runs every unit itself
 * (it used to wait for the units set aside for the other threads), with the same gradients.
 */
class FeedForwardUnitClaimsTest {

    @Test
    void theCallerAloneRunsEveryUnitWithTheSameGradients() {
        FeedForwardShape shape = new FeedForwardShape(4100, 16, 64, 16);
        float[][] alone = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Parallel parallel = Parallel.withoutWorkers(2)) {
                return gradients(shape, parallel);
            }
        });
        float[][] serial;
        try (Parallel parallel = new Parallel(1)) {
            serial = gradients(shape, parallel);
        }
        float[][] shared;
        try (Parallel parallel = new Parallel(2)) {
            shared = gradients(shape, parallel);
        }
        String[] names = {"dx", "dW1", "db1", "dW2"};
        for (int i = 0; i < names.length; i++) {
            assertArrayEquals(serial[i], alone[i], 0f, names[i] + ", caller alone");
            assertArrayEquals(serial[i], shared[i], 0f, names[i] + ", two threads");
        }
    }

    private static float[][] gradients(FeedForwardShape shape, Parallel parallel) {
        float[] x = values(1, shape.rows() * shape.in());
        float[] w1 = values(2, shape.in() * shape.hidden());
        float[] b1 = values(3, shape.hidden());
        float[] w2 = values(4, shape.hidden() * shape.out());
        float[] dy = values(5, shape.rows() * shape.out());
        float[] dx = new float[shape.rows() * shape.in()];
        float[] dW1 = new float[shape.in() * shape.hidden()];
        float[] db1 = new float[shape.hidden()];
        float[] dW2 = new float[shape.hidden() * shape.out()];
        new FeedForward(shape, x, w1, b1, 0.1f, 7L).backward(parallel, w1, w2, null, dy, dx, true, dW1, db1, dW2);
        return new float[][] {dx, dW1, db1, dW2};
    }

    private static float[] values(long seed, int n) {
        return UniformValues.of(new SplittableRandom(seed), n);
    }
}
