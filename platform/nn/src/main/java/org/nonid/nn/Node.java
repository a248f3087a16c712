package org.nonid.nn;

import org.nonid.api.compute.Tensor;

/**
 * A value in a {@link Graph}: a rows x cols matrix and, when it needs one, its gradient.
 */
public final class Node {
    final Tensor value;
    final int rows;
    final int cols;
    final boolean requiresGradient;
    Tensor gradient;

    Node(Tensor value, int rows, int cols, boolean requiresGradient, Tensor gradient) {
        if ((long) rows * cols != value.size()) {
            throw new IllegalArgumentException("node " + rows + "x" + cols + " over a tensor of " + value.size());
        }
        this.value = value;
        this.rows = rows;
        this.cols = cols;
        this.requiresGradient = requiresGradient;
        this.gradient = gradient;
    }

    public Tensor value() {
        return value;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Whether gradients flow into this node. */
    public boolean requiresGradient() {
        return requiresGradient;
    }
}
