package org.nonid.backend.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/** A tensor over a flat float INDArray in native memory. */
final class Nd4jTensor implements Tensor {
    final INDArray array;
    private final int[] shape;
    private final ComputeBackend owner;
    private boolean released;

    Nd4jTensor(ComputeBackend owner, INDArray array, int[] shape) {
        this.owner = owner;
        this.array = array;
        this.shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int size() {
        return (int) array.length();
    }

    @Override
    public ComputeBackend backend() {
        return owner;
    }

    /** The data as a rows x cols matrix view. */
    INDArray matrix(long rows, long cols) {
        if (rows * cols != array.length()) {
            throw new IllegalArgumentException("tensor of " + array.length() + " viewed as " + rows + "x" + cols);
        }
        return array.reshape('c', rows, cols);
    }

    synchronized boolean markReleased() {
        if (released) {
            return false;
        }
        released = true;
        return true;
    }

    @Override
    public String toString() {
        return "Nd4jTensor" + java.util.Arrays.toString(shape);
    }
}
