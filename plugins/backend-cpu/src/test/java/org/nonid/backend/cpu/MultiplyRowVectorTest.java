package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.Tensor;
import org.nonid.kernels.host.HostKernels;

/** The vectorised, row-split {@code multiplyRowVector} gives the host kernel's values to the bit, writing and accumulating. */
class MultiplyRowVectorTest {
    @Test
    void equalsTheHostKernelToTheBitOnAnyThreadCount() {
        int[][] shapes = {{37, 21}, {5, 64}, {3000, 35}, {1, 7}, {2100, 128}};
        for (int threads : new int[] {1, 3}) {
            CpuBackend b = new CpuBackend(threads);
            try {
                for (int[] s : shapes) {
                    int rows = s[0];
                    int cols = s[1];
                    SplittableRandom r = new SplittableRandom(rows * 1000L + cols);
                    float[] x = UniformValues.of(r, rows * cols);
                    float[] v = UniformValues.of(r, cols);
                    float[] before = UniformValues.of(r, rows * cols);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        float[] expected = before.clone();
                        HostKernels.multiplyRowVector(x, rows, cols, v, expected, accumulate);
                        Tensor out = b.upload(before, rows * cols);
                        b.multiplyRowVector(b.upload(x, rows * cols), rows, cols, b.upload(v, cols), out, accumulate);
                        assertArrayEquals(expected, b.download(out), 0f,
                                rows + "x" + cols + (accumulate ? " accumulating" : "") + ", " + threads + " threads");
                    }
                }
            } finally {
                b.close();
            }
        }
    }
}
