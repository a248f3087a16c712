package org.nonid.nn.distribution;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;

/** Applies a reparametrisation and checks that the model's function did not change. */
public final class FunctionPreserving {
    /** The largest relative change of a next-token log-probability a reparametrisation may cause. */
    public static final double TOLERANCE = 1e-5;

    private FunctionPreserving() {
    }

    /**
     * Applies the reparametrisation to the model and measures the largest relative change of its
     * log-probabilities after every prefix of the sequences (each starting with SOS).
     *
     * @return that change
     * @throws IllegalArgumentException if it exceeds {@link #TOLERANCE}, with the measured change
     */
    public static double apply(Reparametrisation reparametrisation, Config parameters, Model model,
                               List<int[]> sequences) {
        model.setTraining(false);
        FunctionSnapshot before = FunctionSnapshot.of(model, sequences);
        reparametrisation.apply(model, parameters);
        double change = before.maxRelativeDifference(FunctionSnapshot.of(model, sequences));
        if (!(change <= TOLERANCE)) {
            throw new IllegalArgumentException("reparametrisation " + reparametrisation.name() + " " + parameters.asMap()
                    + " changes the model's function: its log-probabilities moved by up to " + String.format("%.3g", change)
                    + " (relative) over " + sequences.size() + " sequences, more than " + TOLERANCE
                    + " allows; for layernorm-rescale this is what layerNormEps > 0 does");
        }
        return change;
    }
}
