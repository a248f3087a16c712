package org.nonid.model.xlstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.ConvWindow;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Linear;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;
import org.nonid.nn.SlstmState;

/**
 * A residual sLSTM block followed by a gated feed-forward block:
 * {@code x = x + headnorm(slstm(norm(x)))}, {@code x = x + down(gelu(gate) * up)} with
 * {@code [gate up] = proj(norm(x))}. The sLSTM's input and forget gates read
 * {@code silu(conv(norm(x)))}, its cell input and output gates {@code norm(x)}; its recurrent
 * weights are block-diagonal over heads.
 */
final class SlstmBlock implements XlstmBlock {
    private final XlstmSettings s;
    private final Parameter norm;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final HeadwiseLinear[] gates = new HeadwiseLinear[4];
    private final BlockDiagonal recurrent;
    private final Parameter bias;
    private final HeadNorm headNorm;
    private final Parameter feedForwardNorm;
    private final Linear feedForwardUp;
    private final Linear feedForwardDown;

    SlstmBlock(Parameters ps, String name, XlstmSettings s, SplittableRandom random) {
        this.s = s;
        int d = s.embedding();
        int heads = s.heads();
        double small = Math.sqrt(2.0 / (5 * d));
        this.norm = ps.create(name + ".norm", Init.constant(d, 1f), d);
        this.convWeight = ps.create(name + ".conv.weight", Init.fanInUniform(random, s.convKernel() * d, s.convKernel()),
                s.convKernel(), d);
        this.convBias = ps.create(name + ".conv.bias", Init.fanInUniform(random, d, s.convKernel()), d);
        String[] names = {"inputGate", "forgetGate", "cellGate", "outputGate"};
        for (int i = 0; i < 4; i++) {
            gates[i] = new HeadwiseLinear(ps, name + "." + names[i], d, d, heads, small, random);
        }
        this.recurrent = BlockDiagonal.recurrent(ps, name + ".recurrent", d, heads);
        float[] b = new float[4 * d];
        for (int u = 0; u < d; u++) {
            b[d + u] = d == 1 ? 3f : 3f + 3f * u / (d - 1);
        }
        this.bias = ps.create(name + ".bias", b, 4 * d);
        this.headNorm = new HeadNorm(ps, name + ".headNorm", d, heads, s.normEps());
        this.feedForwardNorm = ps.create(name + ".feedForward.norm", Init.constant(d, 1f), d);
        int ff = s.feedForward();
        this.feedForwardUp = Linear.create(ps, name + ".feedForward.up", d, 2 * ff, false,
                Init.normal(random, d * 2 * ff, small), null);
        this.feedForwardDown = Linear.create(ps, name + ".feedForward.down", ff, d, false,
                Init.normal(random, ff * d, 2.0 / s.blocks() / Math.sqrt(d)), null);
    }

    @Override
    public Node apply(Graph g, Node x, int batch, int time) {
        int d = s.embedding();
        Node normed = HeadNorm.layerNorm(g, x, norm, s.normEps());
        Node raw = gates(g, normed, g.causalConv(normed, g.parameter(convWeight, s.convKernel(), d), batch, time));
        Node r = recurrent.weight(g);
        List<Node> outputs = new ArrayList<>(time);
        SlstmState state = null;
        for (int t = 0; t < time; t++) {
            Node step = g.timeStep(raw, batch, time, t);
            if (state != null) {
                step = g.add(step, g.linear(g.columns(state.packed(), 0, d), r, null));
            }
            state = g.slstmCell(step, state);
            outputs.add(g.columns(state.packed(), 0, d));
        }
        return feedForward(g, g.add(x, headNorm.apply(g, g.stackTimeSteps(outputs))));
    }

    @Override
    public State start(ComputeBackend backend, int batch) {
        int d = s.embedding();
        return new Carried(new ConvWindow(backend, batch, s.convKernel(), d), backend.zeros(batch * 3 * d),
                backend.zeros(batch * d), new boolean[1], backend);
    }

    @Override
    public Node step(Graph g, Node x, State state) {
        Carried carried = (Carried) state;
        int d = s.embedding();
        int batch = x.rows();
        Node normed = HeadNorm.layerNorm(g, x, norm, s.normEps());
        Node raw = gates(g, normed, carried.window().convolve(g, normed, g.parameter(convWeight, s.convKernel(), d)));
        SlstmState previous = null;
        if (carried.started()[0]) {
            previous = new SlstmState(g.constant(carried.packed(), batch, 3 * d), carried.stabilizer());
            raw = g.add(raw, g.linear(g.columns(previous.packed(), 0, d), recurrent.weight(g), null));
        }
        SlstmState next = g.slstmCell(raw, previous);
        g.backend().copy(next.packed().value(), carried.packed());
        g.backend().copy(next.stabilizer(), carried.stabilizer());
        carried.started()[0] = true;
        return feedForward(g, g.add(x, headNorm.apply(g, g.columns(next.packed(), 0, d))));
    }

    /** The gate pre-activations [i f z o] + bias: i and f from the convolution, z and o from the input. */
    private Node gates(Graph g, Node normed, Node conv) {
        Node c = g.silu(g.addRowVector(conv, g.parameter(convBias)));
        return g.addRowVector(g.concatColumns(List.of(gates[0].apply(g, c), gates[1].apply(g, c),
                gates[2].apply(g, normed), gates[3].apply(g, normed))), g.parameter(bias));
    }

    /** x + down(gelu(gate) * up) with [gate up] = proj(norm(x)). */
    private Node feedForward(Graph g, Node x) {
        Node up = feedForwardUp.apply(g, HeadNorm.layerNorm(g, x, feedForwardNorm, s.normEps()));
        int ff = s.feedForward();
        List<Node> gateAndUp = g.splitColumns(up, ff, ff);
        return g.add(x, feedForwardDown.apply(g, g.multiply(g.gelu(gateAndUp.get(0)), gateAndUp.get(1))));
    }

    /** A convolution window, the last [y c n], the stabiliser, and whether a position was seen. */
    private record Carried(ConvWindow window, Tensor packed, Tensor stabilizer, boolean[] started, ComputeBackend backend)
            implements State {
        @Override
        public void close() {
            window.close();
            backend.release(packed);
            backend.release(stabilizer);
        }
    }

    @Override
    public void close() {
        recurrent.close();
    }
}
