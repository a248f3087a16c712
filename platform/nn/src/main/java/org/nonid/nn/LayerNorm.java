package org.nonid.nn;

import org.nonid.api.model.Parameter;

/** Layer normalisation with a learned gain (initially 1) and bias (initially 0). */
public final class LayerNorm {
    private final Parameter gain;
    private final Parameter bias;
    private final float eps;

    public LayerNorm(Parameters ps, String name, int width, float eps) {
        this.gain = ps.create(name + ".weight", Init.constant(width, 1f), width);
        this.bias = ps.create(name + ".bias", new float[width], width);
        this.eps = eps;
    }

    public Node apply(Graph g, Node x) {
        return g.layerNorm(x, g.parameter(gain), g.parameter(bias), eps);
    }

    public Parameter gain() {
        return gain;
    }

    public Parameter bias() {
        return bias;
    }

    public float eps() {
        return eps;
    }
}
