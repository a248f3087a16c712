package org.nonid.nn;

import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/**
 * {@link Graph#lstmSequence}: the time loop of an LSTM layer as one operation of a graph. Each step
 * runs the kernels the step-by-step graph runs, in its order and on its values (the time step added
 * to the recurrent product, the product of the gates' gradient added to a copy of h's: sums of two
 * terms, the same either way round), so values and gradients are the same to the bit. What it
 * leaves out is the graph's work around them: a node, a tensor and a zero-filled gradient for every
 * step's slice, product and sum, the copies between them, and a transposed copy of the recurrent
 * weight at every step of the backward pass.
 */
final class LstmSequence {
    private LstmSequence() {
    }

    static Node apply(Graph g, Node projected, Node recurrent, int batch, int time) {
        int hidden = recurrent.rows;
        int width = 4 * hidden;
        Graph.check(hidden > 0 && recurrent.cols == width && batch > 0 && time > 0 && projected.rows == batch * time
                && projected.cols == width, () -> "lstmSequence: projection " + projected.rows + "x" + projected.cols
                + " and recurrent weight " + recurrent.rows + "x" + recurrent.cols + " for " + batch + " sequences of "
                + time + " steps");
        ComputeBackend b = g.backend();
        boolean grad = projected.requiresGradient || recurrent.requiresGradient;
        boolean keep = g.recording() && grad;
        Node out = g.temporary(batch * time, hidden, grad);
        Tensor gates = g.own(b.empty(batch * width));
        Tensor[] h = new Tensor[time];
        Tensor[] c = new Tensor[time];
        Tensor[] saved = new Tensor[time];
        for (int t = 0; t < time; t++) {
            if (t > 0) {
                // the product, then the time step added to it: the sum the graph's add makes of the two
                b.gemm(false, false, batch, width, hidden, 1f, h[t - 1], recurrent.value, 0f, gates);
            }
            b.copyBlock(projected.value, t * width, time * width, gates, 0, width, batch, width, t > 0);
            // Without a backward pass, two h and c buffers in turn and one for the activations do.
            h[t] = keep || t < 2 ? g.own(b.empty(batch * hidden)) : h[t - 2];
            c[t] = keep || t < 2 ? g.own(b.empty(batch * hidden)) : c[t - 2];
            saved[t] = keep || t == 0 ? g.own(b.empty(batch * 5 * hidden)) : saved[t - 1];
            b.lstmCell(gates, t == 0 ? null : c[t - 1], batch, hidden, h[t], c[t], saved[t]);
            b.copyBlock(h[t], 0, hidden, out.value, t * hidden, time * hidden, batch, hidden, false);
        }
        if (keep) {
            g.record(out, () -> backward(g, projected, recurrent, out.gradient, new Steps(h, c, saved), batch, time));
        }
        return out;
    }

    /** What the forward pass keeps of each time step. */
    private record Steps(Tensor[] h, Tensor[] c, Tensor[] saved) {
    }

    /**
     * From the last step to the first: the cell's backward step, then (as the step-by-step graph's
     * linear step) h_{t-1}'s gradient and the recurrent weight's, then the gates' gradient into the
     * projection's time step.
     */
    private static void backward(Graph g, Node projected, Node recurrent, Tensor dOut, Steps s, int batch, int time) {
        ComputeBackend b = g.backend();
        int hidden = recurrent.rows;
        int width = 4 * hidden;
        boolean accumulateProjected = true;
        if (projected.requiresGradient && projected.gradient == null) {
            // every time step of it is written below: no zeros to add to
            projected.gradient = g.own(b.empty(batch * time * width));
            accumulateProjected = false;
        }
        Tensor dProjected = projected.requiresGradient ? projected.gradient : null;
        Tensor dRecurrent = recurrent.requiresGradient ? g.gradientOf(recurrent) : null;
        Tensor dGates = g.own(b.empty(batch * width));
        Tensor dh = g.own(b.empty(batch * hidden));
        Tensor dhPrevious = g.own(b.empty(batch * hidden));
        Tensor dc = g.own(b.empty(batch * hidden));
        Tensor dcPrevious = g.own(b.empty(batch * hidden));
        Tensor recurrentTransposed = time > 1 ? transposed(g, recurrent) : null;
        b.copyBlock(dOut, (time - 1) * hidden, time * hidden, dh, 0, hidden, batch, hidden, false);
        for (int t = time - 1; t >= 0; t--) {
            b.fill(dGates, 0f);
            if (t > 0) {
                b.fill(dcPrevious, 0f);
            }
            b.lstmCellBackward(s.saved[t], t == 0 ? null : s.c[t - 1], dh, t == time - 1 ? null : dc, batch, hidden,
                    dGates, t == 0 ? null : dcPrevious);
            if (t > 0) {
                b.copyBlock(dOut, (t - 1) * hidden, time * hidden, dhPrevious, 0, hidden, batch, hidden, false);
                b.gemm(false, false, batch, hidden, width, 1f, dGates, recurrentTransposed, 1f, dhPrevious);
                if (dRecurrent != null) {
                    b.gemm(true, false, hidden, width, batch, 1f, s.h[t - 1], dGates, 1f, dRecurrent);
                }
            }
            if (dProjected != null) {
                b.copyBlock(dGates, 0, width, dProjected, t * width, time * width, batch, width, accumulateProjected);
            }
            Tensor swap = dh;
            dh = dhPrevious;
            dhPrevious = swap;
            swap = dc;
            dc = dcPrevious;
            dcPrevious = swap;
        }
    }

    /**
     * W^T {@code [4 * hidden, hidden]} of the recurrent weight {@code [hidden, 4 * hidden]}, once a
     * pass (a product with W^T would transpose it at every step), one column of W at a time.
     */
    private static Tensor transposed(Graph g, Node w) {
        ComputeBackend b = g.backend();
        Tensor t = g.own(b.empty(w.cols * w.rows));
        for (int col = 0; col < w.cols; col++) {
            b.copyBlock(w.value, col, w.cols, t, col * w.rows, 1, w.rows, 1, false);
        }
        return t;
    }
}
