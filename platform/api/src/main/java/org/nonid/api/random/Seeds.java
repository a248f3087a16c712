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
     * A stateless hash of (seed, index) to a uniform float in [0, 1) with 24 random bits: the same
     * on every backend, so that kernels (dropout) can draw in parallel and still agree. It uses
     * 32-bit integer arithmetic only, so vector units can compute it lane by lane.
     */
    public static float uniform(long seed, long index) {
        return (hash32((int) index * 0x9E3779B9 + seedKey(seed)) >>> 8) * 0x1.0p-24f;
    }

    /** The 32-bit key of a seed used by {@link #uniform}. */
    public static int seedKey(long seed) {
        long m = mix(seed);
        return (int) (m ^ (m >>> 32));
    }

    /** A 32-bit integer hash with good avalanche (xor-shift-multiply). */
    public static int hash32(int x) {
        x ^= x >>> 16;
        x *= 0x7FEB352D;
        x ^= x >>> 15;
        x *= 0x846CA68B;
        x ^= x >>> 16;
        return x;
    }

    /** The SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
