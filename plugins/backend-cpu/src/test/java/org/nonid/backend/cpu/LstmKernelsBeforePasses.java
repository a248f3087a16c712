package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.kernels.host.LstmCells;

/**
 * The LSTM cell kernel as it was before its passes (one loop, helpers taking vectors): the
 * reference {@link LstmKernelsTest} holds the passes to, bit for bit.
 */
final class LstmKernelsBeforePasses {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private LstmKernelsBeforePasses() {
    }

    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    /** {@code 2 sigmoid(2x) - 1}: saturates to exactly +-1 where exp over- or underflows. */
    private static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(S, 2f).div(exp(x.mul(-2f)).add(1f)).sub(1f);
    }

    static void forward(float[] gates, float[] cPrevious, int hidden, float[] h, float[] c, float[] saved,
                        int from, int to) {
        int vectorEnd = S.loopBound(hidden);
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            for (int u = 0; u < vectorEnd; u += S.length()) {
                FloatVector i = sigmoid(FloatVector.fromArray(S, gates, g0 + u));
                FloatVector f = sigmoid(FloatVector.fromArray(S, gates, g0 + hidden + u));
                FloatVector g = tanh(FloatVector.fromArray(S, gates, g0 + 2 * hidden + u));
                FloatVector o = sigmoid(FloatVector.fromArray(S, gates, g0 + 3 * hidden + u));
                FloatVector cell = i.mul(g);
                if (cPrevious != null) {
                    cell = cell.add(f.mul(FloatVector.fromArray(S, cPrevious, c0 + u)));
                }
                FloatVector tc = tanh(cell);
                cell.intoArray(c, c0 + u);
                o.mul(tc).intoArray(h, c0 + u);
                i.intoArray(saved, s0 + u);
                f.intoArray(saved, s0 + hidden + u);
                g.intoArray(saved, s0 + 2 * hidden + u);
                o.intoArray(saved, s0 + 3 * hidden + u);
                tc.intoArray(saved, s0 + 4 * hidden + u);
            }
            for (int u = vectorEnd; u < hidden; u++) {
                LstmCells.forwardUnit(gates, cPrevious, hidden, h, c, saved, b, u);
            }
        }
    }

    static void backward(float[] saved, float[] cPrevious, float[] dh, float[] dc, int hidden, float[] dGates,
                         float[] dcPrevious, int from, int to) {
        int vectorEnd = S.loopBound(hidden);
        FloatVector zero = FloatVector.zero(S);
        for (int b = from; b < to; b++) {
            int g0 = b * 4 * hidden;
            int s0 = b * 5 * hidden;
            int c0 = b * hidden;
            for (int u = 0; u < vectorEnd; u += S.length()) {
                FloatVector i = FloatVector.fromArray(S, saved, s0 + u);
                FloatVector f = FloatVector.fromArray(S, saved, s0 + hidden + u);
                FloatVector g = FloatVector.fromArray(S, saved, s0 + 2 * hidden + u);
                FloatVector o = FloatVector.fromArray(S, saved, s0 + 3 * hidden + u);
                FloatVector tc = FloatVector.fromArray(S, saved, s0 + 4 * hidden + u);
                FloatVector dhu = dh == null ? zero : FloatVector.fromArray(S, dh, c0 + u);
                FloatVector dcu = dc == null ? zero : FloatVector.fromArray(S, dc, c0 + u);
                dcu = dcu.add(dhu.mul(o).mul(tc.mul(tc).neg().add(1f)));
                FloatVector cp = cPrevious == null ? zero : FloatVector.fromArray(S, cPrevious, c0 + u);
                accumulate(dGates, g0 + u, dcu.mul(g).mul(i.mul(i.neg().add(1f))));
                accumulate(dGates, g0 + hidden + u, dcu.mul(cp).mul(f.mul(f.neg().add(1f))));
                accumulate(dGates, g0 + 2 * hidden + u, dcu.mul(i).mul(g.mul(g).neg().add(1f)));
                accumulate(dGates, g0 + 3 * hidden + u, dhu.mul(tc).mul(o.mul(o.neg().add(1f))));
                if (dcPrevious != null) {
                    accumulate(dcPrevious, c0 + u, dcu.mul(f));
                }
            }
            for (int u = vectorEnd; u < hidden; u++) {
                LstmCells.backwardUnit(saved, cPrevious, dh, dc, hidden, dGates, dcPrevious, b, u);
            }
        }
    }

    /** e^x per lane, with the values of {@link VectorMath#expInPlace} (which the kernels' exp had). */
    private static FloatVector exp(FloatVector x) {
        float[] lanes = new float[S.length()];
        x.intoArray(lanes, 0);
        VectorMath.expInPlace(lanes, 0, lanes.length);
        return FloatVector.fromArray(S, lanes, 0);
    }

    private static void accumulate(float[] target, int at, FloatVector v) {
        FloatVector.fromArray(S, target, at).add(v).intoArray(target, at);
    }
}
