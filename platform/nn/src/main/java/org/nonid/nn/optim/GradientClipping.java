package org.nonid.nn.optim;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.model.Parameter;

/** The global gradient norm, and clipping it. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The L2 norm of all gradients together. */
    public static double norm(ComputeBackend backend, List<Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters) {
            sum += backend.sumOfSquares(p.gradient());
        }
        return Math.sqrt(sum);
    }

    /** Scales all gradients down so that their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(ComputeBackend backend, List<Parameter> parameters, double maxNorm) {
        double norm = norm(backend, parameters);
        if (norm > maxNorm && norm > 0) {
            float factor = (float) (maxNorm / norm);
            for (Parameter p : parameters) {
                backend.scale(p.gradient(), factor);
            }
        }
        return norm;
    }
}
