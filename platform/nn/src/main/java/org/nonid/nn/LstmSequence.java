package org.nonid.nn;

import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.LstmShape;
import org.nonid.api.compute.Tensor;

/**
 * {@link Graph#lstmSequence}: the time loop of an LSTM layer as one operation of a graph. Each step
 * runs the arithmetic the step-by-step graph runs, in its order and on its values (the time step
 * added to the recurrent product, the product of the gates' gradient added to a copy of h's: sums
 * of two terms, the same either way round), so values and gradients are the same to
 * the bit. What it leaves out is the graph's work around them: a node, a tensor and a zero-filled
 * gradient for every step's slice, product and sum, the copies between them (a backend's
 * {@code lstmSequenceStep} reads and writes the steps' rows in place), and a transposed copy of the
 * recurrent weight at every step of the backward pass.
 */
final class LstmSequence {
    private LstmSequence() {
    }

    static Node apply(Graph g, Node projected, Node bias, Node recurrent, int batch, int time) {
        int hidden = recurrent.rows;
        int width = 4 * hidden;
        Graph.check(hidden > 0 && recurrent.cols == width && batch > 0 && time > 0 && projected.rows == batch * time
                && projected.cols == width, () -> "lstmSequence: projection " + projected.rows + "x" + projected.cols
                + " and recurrent weight " + recurrent.rows + "x" + recurrent.cols + " for " + batch + " sequences of "
                + time + " steps");
        Graph.check(bias == null || bias.rows * bias.cols == width, () -> "lstmSequence: bias of " + bias.rows * bias.cols
                + " values for gates " + width + " wide");
        ComputeBackend b = g.backend();
        boolean grad = projected.requiresGradient || recurrent.requiresGradient || (bias != null && bias.requiresGradient);
        boolean keep = g.recording() && grad;
        Node out = g.temporary(batch * time, hidden, grad);
        LstmShape shape = new LstmShape(batch, time, hidden);
        Tensor product = g.own(b.empty(batch * width));
        Tensor[] h = new Tensor[time];
        Tensor[] c = new Tensor[time];
        Tensor[] saved = new Tensor[time];
        for (int t = 0; t < time; t++) {
            if (t > 0) {
                // the product, then the time step added to it: the sum the graph's add makes of the two
                b.gemm(false, false, batch, width, hidden, 1f, h[t - 1], recurrent.value, 0f, product);
            }
            // Without a backward pass, two h and c buffers in turn and one for the activations do.
            h[t] = keep || t < 2 ? g.own(b.empty(batch * hidden)) : h[t - 2];
            c[t] = keep || t < 2 ? g.own(b.empty(batch * hidden)) : c[t - 2];
            saved[t] = keep || t == 0 ? g.own(b.empty(batch * 5 * hidden)) : saved[t - 1];
            b.lstmSequenceStep(shape, t, t == 0 ? null : product, projected.value, bias == null ? null : bias.value,
                    t == 0 ? null : c[t - 1], h[t], c[t], saved[t], out.value);
        }
        if (keep) {
            g.record(out, () -> backward(g, projected, bias, recurrent, out.gradient, new Steps(h, c, saved), shape));
        }
        return out;
    }

    /** What the forward pass keeps of each time step. */
    private record Steps(Tensor[] h, Tensor[] c, Tensor[] saved) {
    }

    /**
     * From the last step to the first: the cell's backward step (which also starts h_{t-1}'s
     * gradient as a copy of the output's), then, as the step-by-step graph's linear step, the
     * product of the gates' gradient added to it and the recurrent weight's gradient. The bias's
     * gradient last, from the projection's, as the projection's linear step forms it.
     */
    private static void backward(Graph g, Node projected, Node bias, Node recurrent, Tensor dOut, Steps s,
                                 LstmShape shape) {
        ComputeBackend b = g.backend();
        int batch = shape.batch();
        int time = shape.time();
        int hidden = shape.hidden();
        int width = shape.gates();
        boolean biasGradient = bias != null && bias.requiresGradient;
        // The projection's gradient from this layer: written straight into the projection's when that is not made
        // yet (every time step of it is written below: no zeros to add to), added to it when it is and the bias
        // needs none, and otherwise kept apart so that the bias's gradient is this layer's alone.
        boolean accumulateProjected = false;
        Tensor dProjected = null;
        if (projected.requiresGradient && projected.gradient == null) {
            projected.gradient = g.own(b.empty(batch * time * width));
            dProjected = projected.gradient;
        } else if (projected.requiresGradient && !biasGradient) {
            dProjected = projected.gradient;
            accumulateProjected = true;
        } else if (biasGradient) {
            dProjected = g.own(b.empty(batch * time * width));
        }
        Tensor dRecurrent = recurrent.requiresGradient ? g.gradientOf(recurrent) : null;
        Tensor dGates = g.own(b.empty(batch * width));
        Tensor dh = g.own(b.empty(batch * hidden));
        Tensor dhPrevious = g.own(b.empty(batch * hidden));
        Tensor dc = g.own(b.empty(batch * hidden));
        Tensor dcPrevious = g.own(b.empty(batch * hidden));
        Tensor recurrentTransposed = time > 1 ? transposed(g, recurrent) : null;
        b.copyBlock(dOut, (time - 1) * hidden, time * hidden, dh, 0, hidden, batch, hidden, false);
        for (int t = time - 1; t >= 0; t--) {
            b.lstmSequenceStepBackward(shape, t, s.saved[t], t == 0 ? null : s.c[t - 1], dh, t == time - 1 ? null : dc,
                    dGates, t == 0 ? null : dcPrevious, dProjected, accumulateProjected, dOut,
                    t == 0 ? null : dhPrevious);
            if (t > 0) {
                b.gemm(false, false, batch, hidden, width, 1f, dGates, recurrentTransposed, 1f, dhPrevious);
                if (dRecurrent != null) {
                    b.gemm(true, false, hidden, width, batch, 1f, s.h[t - 1], dGates, 1f, dRecurrent);
                }
            }
            Tensor swap = dh;
            dh = dhPrevious;
            dhPrevious = swap;
            swap = dc;
            dc = dcPrevious;
            dcPrevious = swap;
        }
        if (biasGradient) {
            b.sumRows(dProjected, batch * time, width, g.gradientOf(bias), true);
            if (projected.requiresGradient && dProjected != projected.gradient) {
                b.copyBlock(dProjected, 0, width, projected.gradient, 0, width, batch * time, width, true);
            }
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
