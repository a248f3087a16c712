package org.nonid.nn;

import java.util.SplittableRandom;
import org.nonid.api.model.Parameter;

/** A dense layer {@code y = x W + b} with W stored [in, out]. */
public final class Linear {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;

    private Linear(Parameter weight, Parameter bias, int in, int out) {
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
    }

    /** Weight and bias uniform with bound 1/sqrt(in) (the usual default). */
    public static Linear create(Parameters ps, String name, int in, int out, boolean withBias, SplittableRandom random) {
        return create(ps, name, in, out, withBias, Init.fanInUniform(random, in * out, in),
                Init.fanInUniform(random, out, in));
    }

    /** With given initial values (weight [in, out] row-major, bias [out]). */
    public static Linear create(Parameters ps, String name, int in, int out, boolean withBias, float[] weight, float[] bias) {
        Parameter w = ps.create(name + ".weight", weight, in, out);
        Parameter b = withBias ? ps.create(name + ".bias", bias, out) : null;
        return new Linear(w, b, in, out);
    }

    public Node apply(Graph g, Node x) {
        return g.linear(x, weightIn(g), biasIn(g));
    }

    /** The weight as a graph leaf [in, out]. */
    public Node weightIn(Graph g) {
        return g.parameter(weight, in, out);
    }

    /** The bias as a graph leaf, or null without one. */
    public Node biasIn(Graph g) {
        return bias == null ? null : g.parameter(bias);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }
}
