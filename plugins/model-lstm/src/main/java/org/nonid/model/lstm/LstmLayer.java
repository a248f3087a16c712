package org.nonid.model.lstm;

import java.util.SplittableRandom;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Linear;
import org.nonid.nn.LstmState;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * One LSTM layer: gates {@code [i f g o] = x W + h R + b}, {@code c = sigmoid(f) c + sigmoid(i) tanh(g)},
 * {@code h = sigmoid(o) tanh(c)}, starting from zero state. Every weight is uniform on
 * {@code +-1/sqrt(hidden)}.
 */
final class LstmLayer {
    private final int hidden;
    private final Linear input;
    private final Parameter recurrent;

    LstmLayer(Parameters ps, String name, int in, int hidden, SplittableRandom random) {
        this.hidden = hidden;
        this.input = Linear.create(ps, name + ".input", in, 4 * hidden, true,
                Init.fanInUniform(random, in * 4 * hidden, hidden), Init.fanInUniform(random, 4 * hidden, hidden));
        this.recurrent = ps.create(name + ".recurrent", Init.fanInUniform(random, hidden * 4 * hidden, hidden),
                hidden, 4 * hidden);
    }

    /**
     * The outputs h of every time step of x {@code [batch * time, in]}, as {@code [batch * time, hidden]}, both
     * in rows {@code t * batch + b} (time-major; see {@link Graph#transposeSequences}).
     */
    Node apply(Graph g, Node x, int batch, int time) {
        // the projection and its bias in the layer's time loop, a time step at a time: never a whole projection
        return g.lstmLayer(x, input.weightIn(g), input.biasIn(g), g.parameter(recurrent, hidden, 4 * hidden), batch,
                time, true);
    }

    /** One step from a carried state; returns the new one. */
    LstmState step(Graph g, Node x, LstmState carried) {
        Node gates = g.add(input.apply(g, x), g.linear(carried.h(), g.parameter(recurrent, hidden, 4 * hidden), null));
        return g.lstmCell(gates, carried.c());
    }

    int hidden() {
        return hidden;
    }
}
