package org.nonid.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.nonid.backend.cpu.CellFunctions;
import org.nonid.backend.cpu.RoundedSigmoid;
import org.nonid.backend.cpu.RoundedSoftplus;
import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.RoundedFunctions;

/**
 * Every float through each of {@link RoundedFunctions}' functions and through the JDK's function
 * it replaces, and through the CPU backend's vector kernels ({@link RoundedSigmoid},
 * {@link RoundedSoftplus}, {@link CellFunctions}) and the host functions they replace, compared bit for bit; then the cost of each a float, on Gaussian inputs.
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

    /** A function of every float of an array at once, as the vector kernels take them. */
    private interface ArrayFunction {
        void apply(float[] x, float[] out);
    }

    private record Pair(String name, ArrayFunction fast, ArrayFunction reference) {
    }

    private static ArrayFunction each(FloatFunction f) {
        return (x, out) -> {
            for (int i = 0; i < x.length; i++) {
                out[i] = f.apply(x[i]);
            }
        };
    }

    private static final Pair[] PAIRS = {
        new Pair("tanh", each(RoundedFunctions::tanh), each(x -> (float) Math.tanh(x))),
        new Pair("logSigmoid", each(RoundedFunctions::logSigmoid),
                each(x -> x >= 0 ? (float) -Math.log1p(Math.exp(-x)) : (float) (x - Math.log1p(Math.exp(x))))),
        new Pair("log1pExp", each(RoundedFunctions::log1pExp), each(x -> (float) Math.log1p(Math.exp(x)))),
        new Pair("sigmoid", (x, out) -> RoundedSigmoid.sigmoid(x, out, 0, x.length),
                (x, out) -> HostKernels.sigmoid(x, out, 0, x.length)),
        new Pair("softplus", (x, out) -> RoundedSoftplus.softplus(x, out, 0, x.length),
                (x, out) -> HostKernels.softplus(x, out, 0, x.length)),
        new Pair("cellExp", (x, out) -> CellFunctions.EXP.apply(x, out, 0, x.length), each(x -> (float) Math.exp(x))),
        new Pair("cellTanh", (x, out) -> CellFunctions.TANH.apply(x, out, 0, x.length), each(RoundedFunctions::tanh)),
        new Pair("cellLogSigmoid", (x, out) -> CellFunctions.LOG_SIGMOID.apply(x, out, 0, x.length),
                each(RoundedFunctions::logSigmoid)),
    };

    private RoundedFunctionsCheck() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        boolean allEqual = true;
        System.out.printf("%-15s %14s %10s %9s %12s %12s%n", "function", "floats", "different", "seconds",
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
            System.out.printf("%-15s %14d %10d %9.1f %12.1f %12.1f%s%n", pair.name(), 1L << 32, different.get(),
                    seconds, nanosPerFloat(pair.fast()), nanosPerFloat(pair.reference()),
                    different.get() == 0 ? "" : "   first at bits 0x" + Long.toHexString(firstDifferent.get()));
        }
        System.exit(allEqual ? 0 : 1);
    }

    private static long countDifferent(Pair pair, long from, AtomicLong first) {
        float[] x = new float[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            x[i] = Float.intBitsToFloat((int) (from + i));
        }
        float[] fast = new float[CHUNK];
        float[] reference = new float[CHUNK];
        pair.fast().apply(x, fast);
        pair.reference().apply(x, reference);
        long different = 0;
        for (int i = 0; i < CHUNK; i++) {
            if (Float.floatToRawIntBits(fast[i]) != Float.floatToRawIntBits(reference[i])) {
                different++;
                first.compareAndSet(-1, from + i);
            }
        }
        return different;
    }

    /** Best of 40 passes over 2^16 Gaussian floats (standard deviation 4), in nanoseconds a float. */
    private static double nanosPerFloat(ArrayFunction f) {
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[1 << 16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 4);
        }
        float[] out = new float[x.length];
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 40; round++) {
            long start = System.nanoTime();
            f.apply(x, out);
            best = Math.min(best, (System.nanoTime() - start) / (double) x.length);
        }
        return best;
    }
}
