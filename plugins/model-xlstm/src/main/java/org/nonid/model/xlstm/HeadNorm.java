package org.nonid.model.xlstm;

import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/** Layer normalisation within each head (group norm over heads), with a gain per unit and no bias. */
final class HeadNorm {
    private final Parameter gain;
    private final int heads;
    private final float eps;

    HeadNorm(Parameters ps, String name, int width, int heads, float eps) {
        this.gain = ps.create(name, Init.constant(width, 1f), width);
        this.heads = heads;
        this.eps = eps;
    }

    Node apply(Graph g, Node x) {
        int dh = x.cols() / heads;
        Node perHead = g.reshape(x, x.rows() * heads, dh);
        Node normed = g.layerNorm(perHead, g.filled(1f, 1, dh), g.filled(0f, 1, dh), eps);
        return g.multiplyRowVector(g.reshape(normed, x.rows(), x.cols()), g.parameter(gain));
    }

    /** Plain layer normalisation of whole rows, gain only. */
    static Node layerNorm(Graph g, Node x, Parameter gain, float eps) {
        return g.layerNorm(x, g.parameter(gain), g.filled(0f, 1, x.cols()), eps);
    }
}
