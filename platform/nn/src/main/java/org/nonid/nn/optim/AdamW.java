package org.nonid.nn.optim;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;

/** Adam with decoupled weight decay, bias-corrected, applied to every parameter. */
public final class AdamW implements Optimizer {
    private final ComputeBackend backend;
    private final List<Parameter> parameters;
    private final List<Tensor> first = new ArrayList<>();
    private final List<Tensor> second = new ArrayList<>();
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private int steps;

    public AdamW(ComputeBackend backend, List<Parameter> parameters, float beta1, float beta2, float epsilon,
                 float weightDecay) {
        this.backend = backend;
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Parameter p : parameters) {
            first.add(backend.zeros(p.shape()));
            second.add(backend.zeros(p.shape()));
        }
    }

    @Override
    public void step(float learningRate) {
        steps++;
        AdamWStep step = new AdamWStep(learningRate, beta1, beta2, epsilon, weightDecay, steps);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            backend.adamW(p.value(), p.gradient(), first.get(i), second.get(i), step);
        }
    }

    @Override
    public void close() {
        first.forEach(backend::release);
        second.forEach(backend::release);
        first.clear();
        second.clear();
    }
}
