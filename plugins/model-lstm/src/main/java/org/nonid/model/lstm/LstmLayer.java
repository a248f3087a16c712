package org.nonid.model.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Linear;
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

    /** The outputs h of every time step of x {@code [batch * time, in]}, as {@code [batch * time, hidden]}. */
    Node apply(Graph g, Node x, int batch, int time) {
        Node projected = input.apply(g, x);
        Node r = g.parameter(recurrent, hidden, 4 * hidden);
        List<Node> outputs = new ArrayList<>(time);
        Node h = null;
        Node c = null;
        for (int t = 0; t < time; t++) {
            Node gates = g.timeStep(projected, batch, time, t);
            if (h != null) {
                gates = g.add(gates, g.linear(h, r, null));
            }
            Node[] next = cell(g, gates, c);
            h = next[0];
            c = next[1];
            outputs.add(h);
        }
        return g.stackTimeSteps(outputs);
    }

    /** One step from a carried state {@code h, c [batch, hidden]}; returns the new {@code h, c}. */
    Node[] step(Graph g, Node x, Node h, Node c) {
        Node gates = g.add(input.apply(g, x), g.linear(h, g.parameter(recurrent, hidden, 4 * hidden), null));
        return cell(g, gates, c);
    }

    private Node[] cell(Graph g, Node gates, Node c) {
        Node i = g.sigmoid(g.columns(gates, 0, hidden));
        Node candidate = g.tanh(g.columns(gates, 2 * hidden, hidden));
        Node o = g.sigmoid(g.columns(gates, 3 * hidden, hidden));
        Node written = g.multiply(i, candidate);
        Node cell = c == null ? written : g.add(g.multiply(g.sigmoid(g.columns(gates, hidden, hidden)), c), written);
        return new Node[] {g.multiply(o, g.tanh(cell)), cell};
    }

    int hidden() {
        return hidden;
    }
}
