package org.nonid.nn.optim;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;

/** Stochastic gradient descent with optional momentum and (coupled) weight decay. */
public final class Sgd implements Optimizer {
    private final ComputeBackend backend;
    private final List<Parameter> parameters;
    private final List<Tensor> velocities = new ArrayList<>();
    private final float momentum;
    private final float weightDecay;

    public Sgd(ComputeBackend backend, List<Parameter> parameters, float momentum, float weightDecay) {
        this.backend = backend;
        this.parameters = List.copyOf(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Parameter p : parameters) {
            velocities.add(momentum == 0f ? null : backend.zeros(p.shape()));
        }
    }

    @Override
    public void step(float learningRate) {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            backend.sgd(p.value(), p.gradient(), velocities.get(i), learningRate, momentum, weightDecay);
        }
    }

    @Override
    public void close() {
        for (Tensor v : velocities) {
            if (v != null) {
                backend.release(v);
            }
        }
        velocities.clear();
    }
}
