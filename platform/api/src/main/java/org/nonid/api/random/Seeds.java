package org.nonid.api.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from one run seed. The same seed and stream name give the
 * same numbers on every machine and every backend; different names give unrelated streams.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A 64-bit seed for the named stream of a run seed. */
    public static long derive(long seed, String stream) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return h;
    }

    /** A generator for the named stream of a run seed. */
    public static SplittableRandom stream(long seed, String stream) {
        return new SplittableRandom(derive(seed, stream));
    }

    /**
     * A stateless hash of (seed, index) to a uniform float in [0, 1): the same on every backend,
     * so that kernels (dropout) can draw in parallel and still agree.
     */
    public static float uniform(long seed, long index) {
        return (mix(seed + index * 0x9E3779B97F4A7C15L) >>> 40) * 0x1.0p-24f;
    }

    /** The SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
