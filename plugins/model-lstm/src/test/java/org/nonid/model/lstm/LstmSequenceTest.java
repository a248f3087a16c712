package org.nonid.model.lstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.nn.Graph;
import org.nonid.nn.LstmState;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * {@link Graph#lstmSequence} against the same layer written step by step ({@code timeStep},
 * {@code linear}, {@code add}, {@code lstmCell}, {@code stackTimeSteps}): outputs and every
 * gradient equal to the bit.
 */
class LstmSequenceTest {
    private static final CpuBackend BACKEND = new CpuBackend(1);

    @AfterAll
    static void stop() {
        BACKEND.close();
    }

    /** The layer as the model wrote it before it had one operation for the time loop. */
    private static Node stepByStep(Graph g, Node projected, Node recurrent, int batch, int time) {
        List<Node> outputs = new ArrayList<>();
        LstmState state = null;
        for (int t = 0; t < time; t++) {
            Node gates = g.timeStep(projected, batch, time, t);
            if (state != null) {
                gates = g.add(gates, g.linear(state.h(), recurrent, null));
            }
            state = g.lstmCell(gates, state == null ? null : state.c());
            outputs.add(state.h());
        }
        return g.stackTimeSteps(outputs);
    }

    private static Node fused(Graph g, Node projected, Node recurrent, int batch, int time) {
        return g.lstmSequence(projected, recurrent, batch, time);
    }

    /** The reference on the projection {@code linear(x, w, b)} (x itself without w). */
    private static Node stepByStep(Graph g, Node x, Node w, Node b, Node recurrent, int batch, int time) {
        return stepByStep(g, w == null ? x : g.linear(x, w, b), recurrent, batch, time);
    }

    /** The layer on the projection {@code linear(x, w, b)}, as a model used to write it. */
    private static Node fusedAfterBiasedProjection(Graph g, Node x, Node w, Node b, Node recurrent, int batch,
                                                   int time) {
        return fused(g, w == null ? x : g.linear(x, w, b), recurrent, batch, time);
    }

    /** The layer on {@code linear(x, w, null)}, adding the bias in its time loop (as {@code LstmLayer} does). */
    private static Node fusedWithBias(Graph g, Node x, Node w, Node b, Node recurrent, int batch, int time) {
        return g.lstmSequence(w == null ? x : g.linear(x, w, null), b, recurrent, batch, time);
    }

    @Test
    void aLayerAfterItsInputProjectionMatchesTheStepByStepLayer() {
        // widths below, at and past a vector, and one whose products add up in several chunks
        for (int[] s : new int[][] {{3, 5, 7, 4}, {2, 4, 20, 6}, {16, 9, 64, 10}, {4, 3, 300, 5}}) {
            assertSameLayer(s[0], s[1], s[2], s[3], true);
        }
    }

    @Test
    void aLayerProjectingItsInputAStepAtATimeMatchesTheLayerAfterItsProjection() {
        // widths below, at and past a vector; inputs narrower than a vector (the products' dot kernel) and wider
        for (int[] s : new int[][] {{3, 5, 7, 4}, {2, 4, 20, 6}, {16, 9, 64, 10}, {8, 6, 64, 64}, {4, 3, 300, 5},
            {128, 3, 64, 10}}) {
            assertSameLayerOnItsInput(s[0], s[1], s[2], s[3]);
        }
    }

    @Test
    void aLayerOnTimeStepsRowsBetweenTwoTransposesIsTheLayerOnSequencesRows() {
        for (int[] s : new int[][] {{3, 5, 7, 4}, {16, 9, 64, 10}, {8, 6, 64, 64}}) {
            int batch = s[0];
            int time = s[1];
            int hidden = s[2];
            int in = s[3];
            SplittableRandom r = new SplittableRandom(batch * 31L + hidden);
            float[] x = values(r, batch * time * in);
            float[] wIn = values(r, in * 4 * hidden);
            float[] bias = values(r, 4 * hidden);
            float[] wRec = values(r, hidden * 4 * hidden);
            float[] seed = values(r, batch * time * hidden);
            List<float[]> expected = run((g, input, w, b, recurrent, n, t) -> g.lstmLayer(input, w, b, recurrent, n, t,
                    false), true, x, wIn, bias, null, wRec, seed, batch, time, hidden, in);
            List<float[]> actual = run((g, input, w, b, recurrent, n, t) -> g.transposeSequences(g.lstmLayer(
                    g.transposeSequences(input, n, t), w, b, recurrent, n, t, true), t, n), true, x, wIn, bias, null,
                    wRec, seed, batch, time, hidden, in);
            String[] names = {"outputs", "recurrent weight's gradient", "input's gradient", "input weight's gradient",
                "bias's gradient"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(bits(expected.get(i)), bits(actual.get(i)), batch + "x" + time + ", hidden " + hidden
                        + ", input " + in + ": " + names[i]);
            }
        }
    }

    @Test
    void anInputThatAlreadyHasAGradientGetsTheLayersAddedToIt() {
        int batch = 4;
        int time = 5;
        int hidden = 16;
        int in = 6;
        SplittableRandom r = new SplittableRandom(21);
        float[] x = values(r, batch * time * in);
        float[] wIn = values(r, in * 4 * hidden);
        float[] wRec = values(r, hidden * 4 * hidden);
        float[] other = values(r, batch * time * in);
        float[] seed = values(r, batch * time * hidden);
        float[][] gradients = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Parameters ps = new Parameters(BACKEND); Graph g = new Graph(BACKEND, true)) {
                Parameter xp = ps.create("x", x, batch * time, in);
                Parameter w = ps.create("w", wIn, in, 4 * hidden);
                Parameter rec = ps.create("recurrent", wRec, hidden, 4 * hidden);
                Node input = g.parameter(xp, batch * time, in);
                Node weight = g.parameter(w, in, 4 * hidden);
                Node recurrent = g.parameter(rec, hidden, 4 * hidden);
                Node out = run == 0 ? fusedWithBias(g, input, weight, null, recurrent, batch, time)
                        : g.lstmLayer(input, weight, null, recurrent, batch, time, false);
                Tensor seedT = BACKEND.upload(seed, seed.length);
                g.weightedSum(out, seedT);
                // used once more after the layer: its gradient is made by that use first, the layer's added to it
                Tensor otherT = BACKEND.upload(other, other.length);
                g.weightedSum(input, otherT);
                g.backward();
                BACKEND.release(seedT);
                BACKEND.release(otherT);
                gradients[run] = BACKEND.download(xp.gradient());
            }
        }
        assertArrayEquals(bits(gradients[0]), bits(gradients[1]), "input's gradient");
    }

    /**
     * {@link Graph#lstmLayer} against the layer after its projection {@code linear(x, W, null)} with the bias in
     * the layer: outputs and the gradients of the input and the recurrent weight to the bit; the input weight's and
     * the bias's, the same sums in another order, to rounding.
     */
    private static void assertSameLayerOnItsInput(int batch, int time, int hidden, int in) {
        SplittableRandom r = new SplittableRandom(batch * 1000L + hidden + in);
        int width = 4 * hidden;
        float[] x = values(r, batch * time * in);
        float[] wIn = values(r, in * width);
        float[] bias = values(r, width);
        float[] wRec = values(r, hidden * width);
        float[] seed = values(r, batch * time * hidden);
        List<float[]> expected = run(LstmSequenceTest::fusedWithBias, true, x, wIn, bias, null, wRec, seed, batch, time,
                hidden, in);
        List<float[]> actual = run((g, input, w, b, recurrent, n, t) -> g.lstmLayer(input, w, b, recurrent, n, t, false), true,
                x, wIn, bias, null, wRec, seed, batch, time, hidden, in);
        String shape = batch + "x" + time + ", hidden " + hidden + ", input " + in + ": ";
        String[] exact = {"outputs", "recurrent weight's gradient", "input's gradient"};
        for (int i = 0; i < exact.length; i++) {
            assertArrayEquals(bits(expected.get(i)), bits(actual.get(i)), shape + exact[i]);
        }
        String[] rounded = {"input weight's gradient", "bias's gradient"};
        for (int i = 0; i < rounded.length; i++) {
            float[] e = expected.get(exact.length + i);
            float[] a = actual.get(exact.length + i);
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                // sums of batch * time terms of order one: float rounding in a different order stays far below this
                assertEquals(e[j], a[j], 1e-6f * (batch * time + Math.abs(e[j])), shape + rounded[i] + " at " + j);
            }
        }
    }

    @Test
    void aProjectionThatAlreadyHasAGradientGetsTheLayersAddedToIt() {
        assertSameLayer(3, 6, 17, 4, false);
    }

    @Test
    void aBiasInTheLayerOnAProjectionThatHasAGradientAlreadyGetsTheLayersGradientAlone() {
        for (int hidden : new int[] {7, 16}) {
            int batch = 3;
            int time = 5;
            int rows = batch * time;
            int width = 4 * hidden;
            SplittableRandom r = new SplittableRandom(hidden);
            float[] projected = values(r, rows * width);
            float[] bias = values(r, width);
            float[] wRec = values(r, hidden * width);
            float[] seed = values(r, rows * hidden);
            float[] other = values(r, rows * width);
            List<float[]> expected = null;
            for (boolean inLayer : new boolean[] {false, true}) {
                try (Parameters ps = new Parameters(BACKEND); Graph g = new Graph(BACKEND, true)) {
                    Parameter p = ps.create("projected", projected, rows, width);
                    Parameter b = ps.create("b", bias, 1, width);
                    Parameter rec = ps.create("recurrent", wRec, hidden, width);
                    Node input = g.parameter(p, rows, width);
                    Tensor otherT = BACKEND.upload(other, other.length);
                    g.weightedSum(input, otherT);
                    BACKEND.release(otherT);
                    Node out = inLayer ? g.lstmSequence(input, g.parameter(b), g.parameter(rec, hidden, width), batch, time)
                            : stepByStep(g, g.addRowVector(input, g.parameter(b)), g.parameter(rec, hidden, width), batch,
                            time);
                    Tensor weights = BACKEND.upload(seed, seed.length);
                    g.weightedSum(out, weights);
                    g.backward();
                    BACKEND.release(weights);
                    List<float[]> results = List.of(BACKEND.download(out.value()), BACKEND.download(rec.gradient()),
                            BACKEND.download(p.gradient()), BACKEND.download(b.gradient()));
                    if (expected == null) {
                        expected = results;
                    } else {
                        String[] names = {"outputs", "recurrent weight's gradient", "projection's gradient",
                            "bias's gradient"};
                        for (int i = 0; i < names.length; i++) {
                            assertArrayEquals(bits(expected.get(i)), bits(results.get(i)), "hidden " + hidden + ": "
                                    + names[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void withoutRecordingTheOutputsAreTheSame() {
        int batch = 5;
        int time = 7;
        int hidden = 18;
        SplittableRandom r = new SplittableRandom(3);
        float[] p = values(r, batch * time * 4 * hidden);
        float[] w = values(r, hidden * 4 * hidden);
        assertArrayEquals(bits(forwardOnly(LstmSequenceTest::stepByStep, p, w, batch, time, hidden)),
                bits(forwardOnly(LstmSequenceTest::fused, p, w, batch, time, hidden)));
    }

    @Test
    void mismatchedShapesAreRefusedWithTheShapes() {
        try (Parameters ps = new Parameters(BACKEND); Graph g = new Graph(BACKEND, true)) {
            Parameter p = ps.create("p", new float[2 * 3 * 20], 6, 20);
            Parameter w = ps.create("w", new float[4 * 16], 4, 16);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.lstmSequence(g.parameter(p, 6, 20), g.parameter(w, 4, 16), 2, 3));
            assertEquals("lstmSequence: projection 6x20 and recurrent weight 4x16 for 2 sequences of 3 steps",
                    e.getMessage());
        }
    }

    private static float[] forwardOnly(OnProjection layer, float[] p, float[] w, int batch, int time, int hidden) {
        try (Parameters ps = new Parameters(BACKEND); Graph g = new Graph(BACKEND, false)) {
            Parameter proj = ps.create("p", p, batch * time, 4 * hidden);
            Parameter rec = ps.create("w", w, hidden, 4 * hidden);
            return BACKEND.download(layer.apply(g, g.parameter(proj, batch * time, 4 * hidden),
                    g.parameter(rec, hidden, 4 * hidden), batch, time).value());
        }
    }

    /**
     * Both layers on the same values: outputs, then the gradients of the input, the projection's
     * weight and bias and the recurrent weight after a backward pass from random output weights.
     * With {@code throughProjection} the layer's projection is an intermediate (its gradient made
     * by the layer); without it, a parameter (its gradient accumulated into).
     */
    private static void assertSameLayer(int batch, int time, int hidden, int in, boolean throughProjection) {
        SplittableRandom r = new SplittableRandom(batch * 1000L + hidden);
        int width = 4 * hidden;
        float[] x = values(r, batch * time * in);
        float[] wIn = values(r, in * width);
        float[] bias = values(r, width);
        float[] projected = values(r, batch * time * width);
        float[] wRec = values(r, hidden * width);
        float[] seed = values(r, batch * time * hidden);
        List<float[]> expected = run(LstmSequenceTest::stepByStep, throughProjection, x, wIn, bias, projected, wRec, seed,
                batch, time, hidden, in);
        Layer[] layers = {LstmSequenceTest::fusedAfterBiasedProjection, LstmSequenceTest::fusedWithBias};
        for (Layer layer : layers) {
            List<float[]> actual = run(layer, throughProjection, x, wIn, bias, projected, wRec, seed, batch, time,
                    hidden, in);
            String shape = (layer == layers[0] ? "bias in the projection, " : "bias in the layer, ") + batch + "x" + time
                    + ", hidden " + hidden + ": ";
            String[] names = {"outputs", "recurrent weight's gradient", "input's or projection's gradient",
                "input weight's gradient", "bias's gradient"};
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(bits(expected.get(i)), bits(actual.get(i)), shape + names[i]);
            }
        }
    }

    private static List<float[]> run(Layer layer, boolean throughProjection, float[] x, float[] wIn, float[] bias,
                                     float[] projected, float[] wRec, float[] seed, int batch, int time, int hidden,
                                     int in) {
        int rows = batch * time;
        int width = 4 * hidden;
        try (Parameters ps = new Parameters(BACKEND); Graph g = new Graph(BACKEND, true)) {
            Parameter rec = ps.create("recurrent", wRec, hidden, width);
            List<Parameter> inputs = new ArrayList<>();
            Node input;
            Node weight = null;
            Node biasNode = null;
            if (throughProjection) {
                Parameter xp = ps.create("x", x, rows, in);
                Parameter w = ps.create("w", wIn, in, width);
                Parameter b = ps.create("b", bias, 1, width);
                inputs.addAll(List.of(xp, w, b));
                input = g.parameter(xp, rows, in);
                weight = g.parameter(w, in, width);
                biasNode = g.parameter(b);
            } else {
                Parameter p = ps.create("projected", projected, rows, width);
                inputs.add(p);
                input = g.parameter(p, rows, width);
                // a gradient already there, which the layer's must be added to
                Tensor other = BACKEND.upload(values(new SplittableRandom(9), rows * width), rows * width);
                g.weightedSum(input, other);
                BACKEND.release(other);
            }
            Node out = layer.apply(g, input, weight, biasNode, g.parameter(rec, hidden, width), batch, time);
            Tensor weights = BACKEND.upload(seed, seed.length);
            g.weightedSum(out, weights);
            List<float[]> results = new ArrayList<>();
            results.add(BACKEND.download(out.value()));
            g.backward();
            BACKEND.release(weights);
            results.add(BACKEND.download(rec.gradient()));
            for (Parameter p : inputs) {
                results.add(BACKEND.download(p.gradient()));
            }
            return results;
        }
    }

    private interface Layer {
        Node apply(Graph g, Node x, Node w, Node b, Node recurrent, int batch, int time);
    }

    private interface OnProjection {
        Node apply(Graph g, Node projected, Node recurrent, int batch, int time);
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
