package org.nonid.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.model.Parameter;

/**
 * The parameters of one model, created in a stable order with dotted names; owns their tensors.
 */
public final class Parameters implements AutoCloseable {
    private final ComputeBackend backend;
    private final List<Parameter> all = new ArrayList<>();

    public Parameters(ComputeBackend backend) {
        this.backend = backend;
    }

    public ComputeBackend backend() {
        return backend;
    }

    /** Creates a parameter with the given initial values and a zero gradient. */
    public Parameter create(String name, float[] initial, int... shape) {
        for (Parameter p : all) {
            if (p.name().equals(name)) {
                throw new IllegalArgumentException("duplicate parameter " + name);
            }
        }
        Parameter p = new Parameter(name, backend.upload(initial, shape), backend.zeros(shape));
        all.add(p);
        return p;
    }

    /** Every parameter, in creation order. */
    public List<Parameter> list() {
        return Collections.unmodifiableList(all);
    }

    /** The total number of scalars. */
    public long count() {
        long n = 0;
        for (Parameter p : all) {
            n += p.size();
        }
        return n;
    }

    /** Sets every gradient to zero. */
    public void zeroGradients() {
        for (Parameter p : all) {
            backend.fill(p.gradient(), 0f);
        }
    }

    @Override
    public void close() {
        for (Parameter p : all) {
            backend.release(p.value());
            backend.release(p.gradient());
        }
        all.clear();
    }
}
