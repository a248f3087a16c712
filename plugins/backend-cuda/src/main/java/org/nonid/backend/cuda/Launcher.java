package org.nonid.backend.cuda;

import org.bytedeco.javacpp.LongPointer;

/** Runs a kernel of {@code kernels.cu} by name ({@link NvrtcKernels} on a GPU). */
interface Launcher {
    /**
     * Launches {@code blocks} blocks of {@code threads} threads, one dimension each.
     *
     * @param slots         the argument values, 8 bytes each, in the kernel's order
     * @param slotAddresses the address of each slot, as {@code cuLaunchKernel} takes them
     */
    void launch(String kernel, int blocks, int threads, LongPointer slots, LongPointer slotAddresses);
}
