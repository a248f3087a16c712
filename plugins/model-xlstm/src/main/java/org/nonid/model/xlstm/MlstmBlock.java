package org.nonid.model.xlstm;

import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.SequenceKernels;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.ConvWindow;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Linear;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * A residual mLSTM block: {@code x + down((headnorm(mlstm(q, k, v)) + skip * c) * silu(z))} where
 * {@code [a z] = up(norm(x))}, {@code c = silu(conv(a))}, q and k are block-diagonal projections of
 * c, v of a, and the input and forget gates are linear in {@code [q k v]} (one product of q, k and v
 * with both gates' weights side by side, q, k and v never put side by side themselves).
 */
final class MlstmBlock implements XlstmBlock {
    private final XlstmSettings s;
    private final Parameter norm;
    private final Linear up;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final HeadwiseLinear query;
    private final HeadwiseLinear key;
    private final HeadwiseLinear value;
    private final Linear inputGate;
    private final Linear forgetGate;
    private final HeadNorm headNorm;
    private final Parameter skip;
    private final Linear down;

    MlstmBlock(Parameters ps, String name, XlstmSettings s, SplittableRandom random) {
        this.s = s;
        int d = s.embedding();
        int inner = s.inner();
        int heads = s.heads();
        double small = Math.sqrt(2.0 / (5 * d));
        this.norm = ps.create(name + ".norm", Init.constant(d, 1f), d);
        this.up = Linear.create(ps, name + ".up", d, 2 * inner, false, Init.normal(random, d * 2 * inner, small), null);
        this.convWeight = ps.create(name + ".conv.weight", Init.fanInUniform(random, s.convKernel() * inner, s.convKernel()),
                s.convKernel(), inner);
        this.convBias = ps.create(name + ".conv.bias", Init.fanInUniform(random, inner, s.convKernel()), inner);
        int blocks = inner / s.qkvBlockSize();
        double qkvStd = Math.sqrt(2.0 / (5 * s.qkvBlockSize()));
        this.query = new HeadwiseLinear(ps, name + ".query", inner, inner, blocks, qkvStd, random);
        this.key = new HeadwiseLinear(ps, name + ".key", inner, inner, blocks, qkvStd, random);
        this.value = new HeadwiseLinear(ps, name + ".value", inner, inner, blocks, qkvStd, random);
        this.inputGate = Linear.create(ps, name + ".inputGate", 3 * inner, heads, true, new float[3 * inner * heads],
                Init.normal(random, heads, 0.1));
        float[] forgetBias = new float[heads];
        for (int h = 0; h < heads; h++) {
            forgetBias[h] = heads == 1 ? 3f : 3f + 3f * h / (heads - 1);
        }
        this.forgetGate = Linear.create(ps, name + ".forgetGate", 3 * inner, heads, true, new float[3 * inner * heads],
                forgetBias);
        this.headNorm = new HeadNorm(ps, name + ".headNorm", inner, heads, s.normEps());
        this.skip = ps.create(name + ".skip", Init.constant(inner, 1f), inner);
        this.down = Linear.create(ps, name + ".down", inner, d, false,
                Init.normal(random, inner * d, 2.0 / s.blocks() / Math.sqrt(d)), null);
    }

    @Override
    public Node apply(Graph g, Node x, int batch, int time) {
        int inner = s.inner();
        Node[] az = upProjections(g, x);
        Node conv = g.causalConv(az[0], g.parameter(convWeight, s.convKernel(), inner), batch, time);
        return cell(g, x, az[0], az[1], conv, new AttentionShape(batch, time, s.heads(), inner / s.heads()), null);
    }

    @Override
    public State start(ComputeBackend backend, int batch) {
        ConvWindow window = new ConvWindow(backend, batch, s.convKernel(), s.inner());
        Tensor carry = backend.zeros(SequenceKernels.mlstmCarrySize(shape(batch)));
        return new Carried(window, carry, backend);
    }

    @Override
    public Node step(Graph g, Node x, State state) {
        Carried carried = (Carried) state;
        int inner = s.inner();
        Node[] az = upProjections(g, x);
        Node conv = carried.window().convolve(g, az[0], g.parameter(convWeight, s.convKernel(), inner));
        return cell(g, x, az[0], az[1], conv, shape(x.rows()), carried.carry());
    }

    /**
     * a and z, the halves of {@code up(norm(x))}, each its own product with its half of the weight's
     * columns: never the whole of it to cut in two.
     */
    private Node[] upProjections(Graph g, Node x) {
        int inner = s.inner();
        Node normed = HeadNorm.layerNorm(g, x, norm, s.normEps());
        Node weight = up.weightIn(g);
        return new Node[] {g.linear(normed, g.columns(weight, 0, inner), null),
                g.linear(normed, g.columns(weight, inner, inner), null)};
    }

    private AttentionShape shape(int batch) {
        return new AttentionShape(batch, 1, s.heads(), s.inner() / s.heads());
    }

    /** From the convolution of a onwards: gates, mLSTM cell, skip, output gate, down-projection, residual. */
    private Node cell(Graph g, Node x, Node a, Node z, Node conv, AttentionShape shape, Tensor carry) {
        Node c = g.silu(g.addRowVector(conv, g.parameter(convBias)));
        Node q = query.apply(g, c);
        Node k = key.apply(g, c);
        Node v = value.apply(g, a);
        int heads = s.heads();
        Node gates = g.linear(List.of(q, k, v), g.concatColumns(inputGate.weightIn(g), forgetGate.weightIn(g)),
                g.concatColumns(inputGate.biasIn(g), forgetGate.biasIn(g)));
        Node h = g.mlstm(shape, q, g.scale(k, (float) (1 / Math.sqrt(shape.headDim()))), v, g.columns(gates, 0, heads),
                g.columns(gates, heads, heads), carry);
        Node skipped = g.add(headNorm.apply(g, h), g.multiplyRowVector(c, g.parameter(skip)));
        return g.add(x, down.apply(g, g.multiply(skipped, g.silu(z))));
    }

    /** A convolution window and an mLSTM state. */
    private record Carried(ConvWindow window, Tensor carry, ComputeBackend backend) implements State {
        @Override
        public void close() {
            window.close();
            backend.release(carry);
        }
    }

    @Override
    public void close() {
        // every tensor of this block is a parameter, released with the model's parameters
    }
}
