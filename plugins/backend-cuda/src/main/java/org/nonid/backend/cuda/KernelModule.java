package org.nonid.backend.cuda;

import org.bytedeco.javacpp.LongPointer;

/**
 * Launches of the kernels of {@code kernels.cu}: arguments are written into shared native slots
 * as they are added, then the {@link Launcher} runs the kernel over enough threads for the work
 * (the kernels' grid-stride loops cover any rest). Not thread-safe: the backend launches under
 * its lock.
 */
final class KernelModule {
    static final int THREADS = 256;
    private static final int MAX_BLOCKS = 1 << 16;
    private static final int MAX_ARGUMENTS = 32;

    private final Launcher launcher;
    private final LongPointer slots = new LongPointer(MAX_ARGUMENTS);
    private final LongPointer slotAddresses = new LongPointer(MAX_ARGUMENTS);

    KernelModule(Launcher launcher) {
        this.launcher = launcher;
        for (int i = 0; i < MAX_ARGUMENTS; i++) {
            slotAddresses.put(i, slots.address() + 8L * i);
        }
    }

    /** The number of threads a launch over {@code work} items runs. */
    static long threadsFor(long work) {
        return Math.min(MAX_BLOCKS, (work + THREADS - 1) / THREADS) * THREADS;
    }

    /** A launch of one kernel; add the arguments in the kernel's order, then {@link Launch#over}. */
    Launch launch(String kernel) {
        return new Launch(kernel);
    }

    /** The arguments of one launch. */
    final class Launch {
        private final String name;
        private int count;

        private Launch(String name) {
            this.name = name;
        }

        private Launch slot(long value) {
            if (count == MAX_ARGUMENTS) {
                throw new IllegalStateException("too many arguments for " + name);
            }
            slots.put(count++, value);
            return this;
        }

        Launch tensor(CudaTensor t) {
            return slot(t.address());
        }

        /** A tensor argument that may be absent: the kernel sees a null pointer. */
        Launch optional(CudaTensor t) {
            return slot(t == null ? 0L : t.address());
        }

        Launch pointer(long address) {
            return slot(address);
        }

        Launch i(int value) {
            return slot(value & 0xFFFFFFFFL);
        }

        Launch f(float value) {
            return slot(Float.floatToRawIntBits(value) & 0xFFFFFFFFL);
        }

        Launch flag(boolean value) {
            return i(value ? 1 : 0);
        }

        /** Runs the kernel with enough threads for {@code work} items. */
        void over(long work) {
            if (work > 0) {
                launcher.launch(name, (int) (threadsFor(work) / THREADS), THREADS, slots, slotAddresses);
            }
        }
    }
}
