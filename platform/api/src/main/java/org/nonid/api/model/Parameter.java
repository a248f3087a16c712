package org.nonid.api.model;

import java.util.Arrays;
import java.util.Objects;
import org.nonid.api.compute.Tensor;

/**
 * A trainable tensor of a model and its gradient, both owned by the model's backend.
 * Names are dotted paths, stable across runs, e.g. {@code layers.0.attention.qkv.weight}.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final Tensor value;
    private final Tensor gradient;

    public Parameter(String name, Tensor value, Tensor gradient) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.gradient = Objects.requireNonNull(gradient, "gradient");
        this.shape = value.shape().clone();
        if (gradient.size() != value.size()) {
            throw new IllegalArgumentException(name + ": gradient size " + gradient.size() + " != " + value.size());
        }
    }

    public String name() {
        return name;
    }

    /** The dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.size();
    }

    /** The current value. */
    public Tensor value() {
        return value;
    }

    /** The accumulated gradient. */
    public Tensor gradient() {
        return gradient;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
