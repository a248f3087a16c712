package org.nonid.backend.cuda;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/** A float32 array in the GPU's memory, owned by one {@link CudaBackend}. */
final class CudaTensor implements Tensor {
    private final CudaBackend backend;
    private final int[] shape;
    private final int size;
    final FloatPointer memory;
    private boolean released;

    CudaTensor(CudaBackend backend, int[] shape, int size, FloatPointer memory) {
        this.backend = backend;
        this.shape = shape.clone();
        this.size = size;
        this.memory = memory;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ComputeBackend backend() {
        return backend;
    }

    /** The device address of the first element. */
    long address() {
        if (released) {
            throw new IllegalStateException("tensor used after release: " + this);
        }
        return memory.address();
    }

    /** Marks the tensor released; false if it already was. */
    boolean markReleased() {
        if (released) {
            return false;
        }
        released = true;
        return true;
    }

    @Override
    public String toString() {
        return "cuda tensor " + Arrays.toString(shape);
    }
}
