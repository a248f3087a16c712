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
        return g.linear(x, g.parameter(weight, in, out), bias == null ? null : g.parameter(bias));
    }

    /** {@code dropout(relu(x W + b))}, see {@link Graph#linearReluDropout}. */
    public Node applyReluDropout(Graph g, Node x, float p, long seed) {
        return g.linearReluDropout(x, g.parameter(weight, in, out), bias == null ? null : g.parameter(bias), p, seed);
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
