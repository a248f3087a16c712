package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * {@code Graph.splitColumns} and {@code Graph.linear} of column parts (the mLSTM block's up-projection
 * cut into a and z, and its gates read from q, k and v without putting them side by side): the
 * same values and gradients as {@code columns} and as {@code linear} of {@code concatColumns}, with
 * fewer passes over memory.
 */
class ColumnPartsTest {
    private static final CpuBackend CPU = new CpuBackend(1);
    private static final int ROWS = 1_000;
    private static final int[] WIDTHS = {16, 48, 32};
    private static final int OUT = 8;

    @AfterAll
    static void stop() {
        CPU.close();
    }

    @Test
    void splitColumnsGivesTheColumnsAndTheirGradientToTheBitWithoutZeroingIt() {
        Run split = split(true);
        Run columns = split(false);
        assertArrayEquals(columns.values, split.values, "the parts' values");
        assertArrayEquals(columns.gradients, split.gradients, "x's gradient");
        assertEquals(1, columns.calls.getOrDefault("zeros", 0), "the columns' backward steps zero x's gradient once");
        assertFalse(split.calls.containsKey("zeros"), "the split writes x's gradient, it zeroes nothing: " + split.calls);
    }

    @Test
    void aPartWithoutGradientLeavesZerosInItsColumns() {
        try (Parameters ps = new Parameters(CPU)) {
            Parameter x = ps.create("x", values(new SplittableRandom(3), ROWS * 64), ROWS, 64);
            Tensor weights = CPU.upload(values(new SplittableRandom(4), ROWS * 16), ROWS * 16);
            try (Graph g = new Graph(CPU, true)) {
                List<Node> parts = g.splitColumns(g.scale(g.parameter(x, ROWS, 64), 1f), 16, 48);
                g.weightedSum(parts.get(0), weights);
                g.backward();
            }
            float[] dx = CPU.download(x.gradient());
            float[] w = CPU.download(weights);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < 64; c++) {
                    assertEquals(c < 16 ? w[r * 16 + c] : 0f, dx[r * 64 + c], "x's gradient at " + r + ", " + c);
                }
            }
            CPU.release(weights);
        }
    }

    @Test
    void linearOfPartsIsLinearOfTheirConcatenationUpToTheSumsRounding() {
        Run parts = linear(true);
        Run concatenated = linear(false);
        assertClose(concatenated.values, parts.values, "y");
        assertClose(concatenated.gradients, parts.gradients, "the parts', weight's and bias's gradients");
        assertFalse(parts.calls.containsKey("copyBlock"), "the parts are never put side by side: " + parts.calls);
    }

    @Test
    void linearOfPartsNamesAMisfit() {
        try (Parameters ps = new Parameters(CPU); Graph g = new Graph(CPU, false)) {
            Node a = g.parameter(ps.create("a", new float[8], 2, 4), 2, 4);
            Node w = g.parameter(ps.create("w", new float[10], 5, 2), 5, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.linear(List.of(a, a), w, null));
            assertEquals("linear: parts 8 wide but weight is 5x2", e.getMessage());
        }
    }

    /** The parts' values and x's gradient, by {@code splitColumns} or by {@code columns}. */
    private static Run split(boolean split) {
        CountingBackend counting = new CountingBackend(CPU, name -> name.equals("zeros") || name.equals("copyBlock"));
        ComputeBackend b = counting.backend();
        SplittableRandom r = new SplittableRandom(11);
        int width = WIDTHS[0] + WIDTHS[1] + WIDTHS[2];
        try (Parameters ps = new Parameters(b)) {
            Parameter x = ps.create("x", values(r, ROWS * width), ROWS, width);
            List<Tensor> weights = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            try (Graph g = new Graph(b, true)) {
                Node xs = g.scale(g.parameter(x, ROWS, width), 0.5f);
                List<Node> parts = split ? g.splitColumns(xs, WIDTHS) : List.of(g.columns(xs, 0, WIDTHS[0]),
                        g.columns(xs, WIDTHS[0], WIDTHS[1]), g.columns(xs, WIDTHS[0] + WIDTHS[1], WIDTHS[2]));
                for (Node part : parts) {
                    Tensor w = b.upload(values(r, ROWS * part.cols()), ROWS * part.cols());
                    weights.add(w);
                    g.weightedSum(part, w);
                    for (float v : b.download(part.value())) {
                        values.add(v);
                    }
                }
                counting.count(true);
                g.backward();
                counting.count(false);
            }
            weights.forEach(b::release);
            return new Run(floats(values), b.download(x.gradient()), counting.calls());
        }
    }

    /** y and the gradients of the parts, the weight and the bias, by linear of parts or of their concatenation. */
    private static Run linear(boolean ofParts) {
        CountingBackend counting = new CountingBackend(CPU, name -> name.equals("copyBlock"));
        ComputeBackend b = counting.backend();
        SplittableRandom r = new SplittableRandom(17);
        int width = WIDTHS[0] + WIDTHS[1] + WIDTHS[2];
        try (Parameters ps = new Parameters(b)) {
            List<Parameter> inputs = new ArrayList<>();
            for (int i = 0; i < WIDTHS.length; i++) {
                inputs.add(ps.create("p" + i, values(r, ROWS * WIDTHS[i]), ROWS, WIDTHS[i]));
            }
            Parameter weight = ps.create("w", values(r, width * OUT), width, OUT);
            Parameter bias = ps.create("b", values(r, OUT), OUT);
            Tensor weights = b.upload(values(r, ROWS * OUT), ROWS * OUT);
            float[] y;
            try (Graph g = new Graph(b, true)) {
                List<Node> parts = new ArrayList<>();
                for (int i = 0; i < WIDTHS.length; i++) {
                    parts.add(g.parameter(inputs.get(i), ROWS, WIDTHS[i]));
                }
                counting.count(true);
                Node out = ofParts ? g.linear(parts, g.parameter(weight, width, OUT), g.parameter(bias))
                        : g.linear(g.concatColumns(parts), g.parameter(weight, width, OUT), g.parameter(bias));
                g.weightedSum(out, weights);
                g.backward();
                counting.count(false);
                y = b.download(out.value());
            }
            b.release(weights);
            List<Float> gradients = new ArrayList<>();
            for (Parameter p : ps.list()) {
                for (float v : b.download(p.gradient())) {
                    gradients.add(v);
                }
            }
            return new Run(y, floats(gradients), counting.calls());
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-5f * Math.max(1f, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
        }
    }

    private record Run(float[] values, float[] gradients, Map<String, Integer> calls) {
    }

    private static float[] floats(List<Float> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }
}
