package org.nonid.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * Every float through each of {@link RoundedFunctions}' functions and through the JDK's function
 * it replaces, compared bit for bit; then the cost of each a float, on Gaussian inputs.
 * Prints a table and exits non-zero on any difference.
 *
 * <pre>java -cp ... org.nonid.bench.RoundedFunctionsCheck [THREADS [FUNCTION...]]</pre>
 */
public final class RoundedFunctionsCheck {
    /** Floats per task: 2^32 in 4,096 tasks. */
    private static final int CHUNK = 1 << 20;

    private interface FloatFunction {
        float apply(float x);
    }

    private record Pair(String name, FloatFunction fast, FloatFunction jdk) {
    }

    private static final FloatFunction JDK_TANH = x -> (float) Math.tanh(x);

    private static final Pair[] PAIRS = {
        new Pair("tanh", RoundedFunctions::tanh, JDK_TANH),
        new Pair("logSigmoid", RoundedFunctions::logSigmoid,
                x -> x >= 0 ? (float) -Math.log1p(Math.exp(-x)) : (float) (x - Math.log1p(Math.exp(x)))),
        new Pair("log1pExp", RoundedFunctions::log1pExp, x -> (float) Math.log1p(Math.exp(x))),
    };

    private RoundedFunctionsCheck() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        boolean allEqual = true;
        System.out.printf("%-12s %14s %10s %9s %12s %12s%n", "function", "floats", "different", "seconds",
                "ns (fast)", "ns (ref.)");
        List<String> only = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        for (Pair pair : PAIRS) {
            if (!only.isEmpty() && !only.contains(pair.name())) {
                continue;
            }
            long start = System.nanoTime();
            AtomicLong different = new AtomicLong();
            AtomicLong firstDifferent = new AtomicLong(-1);
            ForkJoinPool pool = new ForkJoinPool(threads);
            pool.submit(() -> IntStream.range(0, 1 << 12).parallel().forEach(chunk -> {
                different.addAndGet(countDifferent(pair, chunk * (long) CHUNK, firstDifferent));
            })).get();
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            allEqual &= different.get() == 0;
            System.out.printf("%-12s %14d %10d %9.1f %12.1f %12.1f%s%n", pair.name(), 1L << 32, different.get(),
                    seconds, nanosPerCall(pair.fast()), nanosPerCall(pair.jdk()),
                    different.get() == 0 ? "" : "   first at bits 0x" + Long.toHexString(firstDifferent.get()));
        }
        System.exit(allEqual ? 0 : 1);
    }

    private static long countDifferent(Pair pair, long from, AtomicLong first) {
        long different = 0;
        for (long bits = from; bits < from + CHUNK; bits++) {
            float x = Float.intBitsToFloat((int) bits);
            if (Float.floatToRawIntBits(pair.fast().apply(x)) != Float.floatToRawIntBits(pair.jdk().apply(x))) {
                different++;
                first.compareAndSet(-1, bits);
            }
        }
        return different;
    }

    /** Best of 40 passes over 2^16 Gaussian floats (standard deviation 4), in nanoseconds a float. */
    private static double nanosPerCall(FloatFunction f) {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[1 << 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 4);
        }
        double best = Double.MAX_VALUE;
        float sink = 0;
        for (int round = 0; round < 40; round++) {
            long start = System.nanoTime();
            for (float v : x) {
                sink += f.apply(v);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) x.length);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }
}
