package org.nonid.model.mamba;

import java.util.SplittableRandom;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.ConvWindow;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Linear;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * One residual Mamba block: {@code x + out(ssm(silu(conv(in_x(norm(x))))) * silu(in_z(norm(x))))},
 * where the selective state-space model has input-dependent Δ (softplus of a low-rank projection),
 * B and C, a learned negative A per channel and state, and a skip D.
 */
final class MambaBlock {
    private static final double DT_MIN = 1e-3;
    private static final double DT_MAX = 0.1;

    private final MambaSettings s;
    private final Parameter norm;
    private final Linear inProjection;
    private final Parameter convWeight;
    private final Parameter convBias;
    private final Linear xProjection;
    private final Linear dtProjection;
    private final Parameter aLog;
    private final Parameter skip;
    private final Linear outProjection;

    MambaBlock(Parameters ps, String name, MambaSettings s, SplittableRandom random) {
        this.s = s;
        int d = s.dModel();
        int di = s.inner();
        int n = s.dState();
        this.norm = ps.create(name + ".norm", Init.constant(d, 1f), d);
        this.inProjection = Linear.create(ps, name + ".inProjection", d, 2 * di, false, random);
        this.convWeight = ps.create(name + ".conv.weight", Init.fanInUniform(random, s.dConv() * di, s.dConv()), s.dConv(), di);
        this.convBias = ps.create(name + ".conv.bias", Init.fanInUniform(random, di, s.dConv()), di);
        this.xProjection = Linear.create(ps, name + ".xProjection", di, s.dtRank() + 2 * n, false, random);
        float[] dtBias = new float[di];
        for (int i = 0; i < di; i++) {
            double dt = Math.max(1e-4, Math.exp(random.nextDouble() * (Math.log(DT_MAX) - Math.log(DT_MIN)) + Math.log(DT_MIN)));
            dtBias[i] = (float) (dt + Math.log(-Math.expm1(-dt)));
        }
        this.dtProjection = Linear.create(ps, name + ".dtProjection", s.dtRank(), di, true,
                Init.uniform(random, s.dtRank() * di, 1.0 / Math.sqrt(s.dtRank())), dtBias);
        float[] logs = new float[di * n];
        for (int c = 0; c < di; c++) {
            for (int k = 0; k < n; k++) {
                logs[c * n + k] = (float) Math.log(k + 1);
            }
        }
        this.aLog = ps.create(name + ".aLog", logs, di, n);
        this.skip = ps.create(name + ".skip", Init.constant(di, 1f), di);
        this.outProjection = Linear.create(ps, name + ".outProjection", di, d, false, random);
    }

    /** The block over whole sequences x {@code [batch * time, dModel]}. */
    Node apply(Graph g, Node x, int batch, int time) {
        Node xz = inProjection.apply(g, g.rmsNorm(x, g.parameter(norm), s.normEps()));
        Node conv = g.causalConv(g.columns(xz, 0, s.inner()), g.parameter(convWeight, s.dConv(), s.inner()), batch, time);
        Node xs = g.silu(g.addRowVector(conv, g.parameter(convBias)));
        Node y = ssm(g, xs, new ScanShape(batch, time, s.inner(), s.dState()), null);
        return g.add(x, outProjection.apply(g, g.multiply(y, g.silu(g.columns(xz, s.inner(), s.inner())))));
    }

    /** One decoding step from a carried convolution window and scan state, both updated. */
    Node step(Graph g, Node x, ConvWindow window, Tensor carry) {
        int batch = x.rows();
        int di = s.inner();
        Node xz = inProjection.apply(g, g.rmsNorm(x, g.parameter(norm), s.normEps()));
        Node conv = window.convolve(g, g.columns(xz, 0, di), g.parameter(convWeight, s.dConv(), di));
        Node xs = g.silu(g.addRowVector(conv, g.parameter(convBias)));
        Node y = ssm(g, xs, new ScanShape(batch, 1, di, s.dState()), carry);
        return g.add(x, outProjection.apply(g, g.multiply(y, g.silu(g.columns(xz, di, di)))));
    }

    private Node ssm(Graph g, Node xs, ScanShape shape, Tensor carry) {
        int r = s.dtRank();
        int n = s.dState();
        Node dbc = xProjection.apply(g, xs);
        Node delta = g.softplus(dtProjection.apply(g, g.columns(dbc, 0, r)));
        Node a = g.scale(g.exp(g.parameter(aLog, s.inner(), n)), -1f);
        Node y = g.selectiveScan(shape, xs, delta, a, g.columns(dbc, r, n), g.columns(dbc, r + n, n), carry);
        return g.add(y, g.multiplyRowVector(xs, g.parameter(skip)));
    }
}
