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
 * recurrent weight at every step of the backward pass. On its input ({@link Graph#lstmLayer}) the layer
 * also makes each step's projection in the loop and sends each step's gates' gradient back through the
 * input weight at once ({@link Projection}): the whole projection and its gradient are never made.
 */
final class LstmSequence {
    private LstmSequence() {
    }

    /**
     * What a layer runs on: the projection {@code [batch * time, 4 * hidden]} (weight null), or the input
     * {@code x [batch * time, in]} and the input weight {@code [in, 4 * hidden]} that project it a time step at a time,
     * x and the output in rows {@code t * batch + b} where {@code timeMajor} (only with a weight).
     */
    record Input(Node x, Node weight, boolean timeMajor) {
        Input {
            if (timeMajor && weight == null) {
                throw new IllegalArgumentException("lstmSequence: time-major rows need the input weight");
            }
        }

        /** Where step t's rows of a tensor {@code cols} wide begin. */
        int stepOffset(LstmShape shape, int t, int cols) {
            return timeMajor ? t * shape.batch() * cols : t * cols;
        }

        /** How far apart step t's rows lie. */
        int stepStride(LstmShape shape, int cols) {
            return timeMajor ? cols : shape.time() * cols;
        }

        boolean projects() {
            return weight != null;
        }

        int gates() {
            return projects() ? weight.cols : x.cols;
        }

        boolean requiresGradient() {
            return x.requiresGradient || (projects() && weight.requiresGradient);
        }
    }

    static Node apply(Graph g, Input input, Node bias, Node recurrent, int batch, int time) {
        int hidden = recurrent.rows;
        int width = 4 * hidden;
        Node x = input.x();
        Graph.check(hidden > 0 && recurrent.cols == width && batch > 0 && time > 0 && x.rows == batch * time
                && input.gates() == width && (!input.projects() || input.weight().rows == x.cols), () ->
                "lstmSequence: " + (input.projects() ? "input " + x.rows + "x" + x.cols + ", input weight "
                + input.weight().rows + "x" + input.weight().cols : "projection " + x.rows + "x" + x.cols)
                + " and recurrent weight " + recurrent.rows + "x" + recurrent.cols + " for " + batch + " sequences of "
                + time + " steps");
        Graph.check(bias == null || bias.rows * bias.cols == width, () -> "lstmSequence: bias of " + bias.rows * bias.cols
                + " values for gates " + width + " wide");
        ComputeBackend b = g.backend();
        boolean grad = input.requiresGradient() || recurrent.requiresGradient || (bias != null && bias.requiresGradient);
        boolean keep = g.recording() && grad;
        Node out = g.temporary(batch * time, hidden, grad);
        LstmShape shape = new LstmShape(batch, time, hidden);
        Tensor product = g.own(b.empty(batch * width));
        Projection projection = input.projects() ? new Projection(g, input, shape) : null;
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
            Tensor gates = t == 0 ? null : product;
            Tensor biasValue = bias == null ? null : bias.value;
            Tensor cPrevious = t == 0 ? null : c[t - 1];
            if (projection == null) {
                b.lstmSequenceStep(shape, t, gates, x.value, biasValue, cPrevious, h[t], c[t], saved[t], out.value);
            } else {
                // step t's projection as a one-step sequence: its h goes to the output's step t after
                b.lstmSequenceStep(projection.stepShape, 0, gates, projection.project(t), biasValue, cPrevious, h[t],
                        c[t], saved[t], h[t]);
                b.copyBlock(h[t], 0, hidden, out.value, input.stepOffset(shape, t, hidden),
                        input.stepStride(shape, hidden), batch, hidden, false);
            }
        }
        if (keep) {
            g.record(out, () -> backward(g, input, bias, recurrent, out.gradient, new Steps(h, c, saved), shape));
        }
        return out;
    }

    /** What the forward pass keeps of each time step. */
    private record Steps(Tensor[] h, Tensor[] c, Tensor[] saved) {
    }

    /**
     * A layer's input projection a time step at a time: step t's rows of x (read where they are on time
     * steps' rows, otherwise gathered into a block of their own) times the input weight, as
     * {@link Graph#linear} forms each row of the whole projection (the same product over the same rows,
     * each row's sum in the same order).
     */
    private static final class Projection {
        final LstmShape stepShape;
        private final Graph g;
        private final Input input;
        private final LstmShape shape;
        private final Tensor gathered;
        private Tensor projected;
        private Tensor weightTransposed;
        private Tensor dxStep;

        Projection(Graph g, Input input, LstmShape shape) {
            this.g = g;
            this.input = input;
            this.shape = shape;
            this.stepShape = new LstmShape(shape.batch(), 1, shape.hidden());
            this.gathered = input.timeMajor() ? null : g.own(g.backend().empty(shape.batch() * input.x().cols));
        }

        /** Step t's projection {@code x_t W} ({@code [batch, 4 * hidden]}). */
        Tensor project(int t) {
            if (projected == null) {
                projected = g.own(g.backend().empty(shape.batch() * shape.gates()));
            }
            g.backend().gemm(false, false, shape.batch(), shape.gates(), in(), 1f, stepRows(t), stepRowsOffset(t),
                    input.weight().value, 0, 0f, projected, 0);
            return projected;
        }

        /**
         * The gradients that step t's gates' gradient dGates sends back through the projection: x's step t
         * ({@code dGates W^T}, written where {@code xWritten}, added otherwise), the input weight's
         * ({@code x_t^T dGates}, added) and the bias's (dGates' rows, added).
         */
        void backward(int t, Tensor dGates, boolean xWritten, Node bias) {
            ComputeBackend b = g.backend();
            int batch = shape.batch();
            Node x = input.x();
            if (x.requiresGradient) {
                if (weightTransposed == null) {
                    weightTransposed = transposed(g, input.weight());
                    dxStep = input.timeMajor() ? null : g.own(b.empty(batch * in()));
                }
                if (input.timeMajor()) {
                    // step t's rows of x's gradient are one block: the product goes there
                    b.gemm(false, false, batch, in(), shape.gates(), 1f, dGates, 0, weightTransposed, 0,
                            xWritten ? 0f : 1f, x.gradient, input.stepOffset(shape, t, in()));
                } else {
                    b.gemm(false, false, batch, in(), shape.gates(), 1f, dGates, weightTransposed, 0f, dxStep);
                    b.copyBlock(dxStep, 0, in(), x.gradient, input.stepOffset(shape, t, in()),
                            input.stepStride(shape, in()), batch, in(), !xWritten);
                }
            }
            if (input.weight().requiresGradient) {
                b.gemm(true, false, in(), shape.gates(), batch, 1f, stepRows(t), stepRowsOffset(t), dGates, 0, 1f,
                        g.gradientOf(input.weight()), 0);
            }
            if (bias != null && bias.requiresGradient) {
                b.sumRows(dGates, batch, shape.gates(), g.gradientOf(bias), true);
            }
        }

        /**
         * The tensor that holds step t's rows of x as one block: x itself on time steps' rows, otherwise a block
         * they are gathered into.
         */
        private Tensor stepRows(int t) {
            if (input.timeMajor()) {
                return input.x().value;
            }
            g.backend().copyBlock(input.x().value, input.stepOffset(shape, t, in()), input.stepStride(shape, in()), gathered,
                    0, in(), shape.batch(), in(), false);
            return gathered;
        }

        /** Where step t's block begins in {@link #stepRows}. */
        private int stepRowsOffset(int t) {
            return input.timeMajor() ? input.stepOffset(shape, t, in()) : 0;
        }

        private int in() {
            return input.x().cols;
        }
    }

    /**
     * From the last step to the first: the cell's backward step (which also starts h_{t-1}'s
     * gradient as a copy of the output's), then, as the step-by-step graph's linear step, the
     * product of the gates' gradient added to it and the recurrent weight's gradient. On a
     * projection, the bias's gradient last, from the projection's, as the projection's linear step
     * forms it; on an input, each step's gates' gradient goes back through the projection as soon as
     * it is made ({@link Projection#backward}).
     */
    private static void backward(Graph g, Input input, Node bias, Node recurrent, Tensor dOut, Steps s,
                                 LstmShape shape) {
        ComputeBackend b = g.backend();
        int batch = shape.batch();
        int time = shape.time();
        int hidden = shape.hidden();
        int width = shape.gates();
        Node projected = input.projects() ? null : input.x();
        Projection projection = input.projects() ? new Projection(g, input, shape) : null;
        boolean xWritten = projection != null && input.x().requiresGradient && g.startsGradient(input.x());
        boolean biasGradient = bias != null && bias.requiresGradient;
        // The projection's gradient from this layer: written straight into the projection's when that is not made
        // yet (every time step of it is written below: no zeros to add to), added to it when it is and the bias
        // needs none, and otherwise kept apart so that the bias's gradient is this layer's alone.
        boolean accumulateProjected = false;
        Tensor dProjected = null;
        if (projected != null && projected.requiresGradient && projected.gradient == null) {
            projected.gradient = g.own(b.empty(batch * time * width));
            dProjected = projected.gradient;
        } else if (projected != null && projected.requiresGradient && !biasGradient) {
            dProjected = projected.gradient;
            accumulateProjected = true;
        } else if (projected != null && biasGradient) {
            dProjected = g.own(b.empty(batch * time * width));
        }
        Tensor dRecurrent = recurrent.requiresGradient ? g.gradientOf(recurrent) : null;
        Tensor dGates = g.own(b.empty(batch * width));
        Tensor dh = g.own(b.empty(batch * hidden));
        Tensor dhPrevious = g.own(b.empty(batch * hidden));
        Tensor dc = g.own(b.empty(batch * hidden));
        Tensor dcPrevious = g.own(b.empty(batch * hidden));
        Tensor recurrentTransposed = time > 1 ? transposed(g, recurrent) : null;
        int dOutStride = input.stepStride(shape, hidden);
        b.copyBlock(dOut, input.stepOffset(shape, time - 1, hidden), dOutStride, dh, 0, hidden, batch, hidden, false);
        for (int t = time - 1; t >= 0; t--) {
            // on an input, dh_(t-1) starts as the output's gradient at step t-1 here, in the input's layout
            b.lstmSequenceStepBackward(shape, t, s.saved[t], t == 0 ? null : s.c[t - 1], dh, t == time - 1 ? null : dc,
                    dGates, t == 0 ? null : dcPrevious, dProjected, accumulateProjected, dOut,
                    t == 0 || projection != null ? null : dhPrevious);
            if (projection != null) {
                if (t > 0) {
                    b.copyBlock(dOut, input.stepOffset(shape, t - 1, hidden), dOutStride, dhPrevious, 0, hidden, batch,
                            hidden, false);
                }
                projection.backward(t, dGates, xWritten, bias);
            }
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
        if (projected != null && biasGradient) {
            b.sumRows(dProjected, batch * time, width, g.gradientOf(bias), true);
            if (projected.requiresGradient && dProjected != projected.gradient) {
                b.copyBlock(dProjected, 0, width, projected.gradient, 0, width, batch * time, width, true);
            }
        }
    }

    /**
     * W^T {@code [cols, rows]} of a weight {@code [rows, cols]}, once a pass (a product with W^T would
     * transpose it at every step), one column of W at a time.
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
