package org.nonid.backend.cpu;

import java.util.Arrays;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/** A tensor over a Java float array of exactly its size. */
final class CpuTensor implements Tensor {
    final float[] data;
    private final int[] shape;
    private final ComputeBackend owner;
    private boolean released;

    CpuTensor(ComputeBackend owner, float[] data, int[] shape) {
        this.owner = owner;
        this.data = data;
        this.shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public ComputeBackend backend() {
        return owner;
    }

    /** Marks the tensor released; false if it already was. */
    synchronized boolean markReleased() {
        if (released) {
            return false;
        }
        released = true;
        return true;
    }

    synchronized boolean isReleased() {
        return released;
    }

    @Override
    public String toString() {
        return "CpuTensor" + Arrays.toString(shape);
    }
}
