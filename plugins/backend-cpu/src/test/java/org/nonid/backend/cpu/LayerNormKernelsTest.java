package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Layer norm with rows in vector lanes gives the row loop's values and gradients to the bit. */
class LayerNormKernelsTest {
    @Test
    void forwardAndBackwardEqualTheRowLoopToTheBit() {
        int[][] shapes = { // rows, cols: whole blocks of rows and rows past them, narrow and wide rows
            {64, 10}, {37, 16}, {19, 33}, {16, 1}, {5, 7}, {24, 64}, {17, 2}, {40, 3},
        };
        for (int[] s : shapes) {
            int rows = s[0];
            int cols = s[1];
            SplittableRandom r = new SplittableRandom(rows * 100L + cols);
            float[] x = values(r, rows * cols, 3f, 1f);
            float[] gamma = values(r, cols, 0.2f, 1f);
            float[] beta = values(r, cols, 0.2f, 0f);
            float[] dy = values(r, rows * cols, 1f, 0f);
            float eps = 1e-5f;
            String shape = rows + "x" + cols;
            float[] out = new float[rows * cols];
            float[] mean = new float[rows];
            float[] rstd = new float[rows];
            float[] outExpected = new float[rows * cols];
            float[] meanExpected = new float[rows];
            float[] rstdExpected = new float[rows];
            RowOps.layerNorm(x, gamma, beta, cols, eps, outExpected, meanExpected, rstdExpected, 0, rows);
            LayerNormKernels.forward(x, gamma, beta, cols, eps, out, mean, rstd, 0, rows);
            assertArrayEquals(outExpected, out, 0f, "out " + shape);
            assertArrayEquals(meanExpected, mean, 0f, "mean " + shape);
            assertArrayEquals(rstdExpected, rstd, 0f, "rstd " + shape);

            float[] dxExpected = values(new SplittableRandom(1), rows * cols, 1f, 0f);
            float[] dgExpected = values(new SplittableRandom(2), cols, 1f, 0f);
            float[] dbExpected = values(new SplittableRandom(3), cols, 1f, 0f);
            float[] dx = dxExpected.clone();
            float[] dg = dgExpected.clone();
            float[] db = dbExpected.clone();
            RowOps.layerNormBackward(dy, x, gamma, mean, rstd, cols, dxExpected, dgExpected, dbExpected, 0, rows);
            LayerNormKernels.backward(dy, x, gamma, mean, rstd, cols, dx, dg, db, 0, rows);
            assertArrayEquals(dxExpected, dx, 0f, "dx " + shape);
            assertArrayEquals(dgExpected, dg, 0f, "dgamma " + shape);
            assertArrayEquals(dbExpected, db, 0f, "dbeta " + shape);
        }
    }

    @Test
    void aRangeOfRowsLeavesTheOtherRowsAlone() {
        int rows = 40;
        int cols = 12;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = values(r, rows * cols, 2f, 0f);
        float[] gamma = values(r, cols, 0.1f, 1f);
        float[] beta = new float[cols];
        float[] out = new float[rows * cols];
        float[] expected = new float[rows * cols];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        float[] meanExpected = new float[rows];
        float[] rstdExpected = new float[rows];
        RowOps.layerNorm(x, gamma, beta, cols, 1e-5f, expected, meanExpected, rstdExpected, 3, 30);
        LayerNormKernels.forward(x, gamma, beta, cols, 1e-5f, out, mean, rstd, 3, 30);
        assertArrayEquals(expected, out, 0f, "out");
        assertArrayEquals(meanExpected, mean, 0f, "mean");
        assertArrayEquals(rstdExpected, rstd, 0f, "rstd");

        float[] dy = values(r, rows * cols, 1f, 0f);
        float[] dxExpected = new float[rows * cols];
        float[] dgExpected = new float[cols];
        float[] dbExpected = new float[cols];
        float[] dx = new float[rows * cols];
        float[] dg = new float[cols];
        float[] db = new float[cols];
        RowOps.layerNormBackward(dy, x, gamma, mean, rstd, cols, dxExpected, dgExpected, dbExpected, 3, 30);
        LayerNormKernels.backward(dy, x, gamma, mean, rstd, cols, dx, dg, db, 3, 30);
        assertArrayEquals(dxExpected, dx, 0f, "dx");
        assertArrayEquals(dgExpected, dg, 0f, "dgamma");
        assertArrayEquals(dbExpected, db, 0f, "dbeta");
    }

    private static float[] values(SplittableRandom r, int size, float spread, float centre) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = centre + spread * (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
