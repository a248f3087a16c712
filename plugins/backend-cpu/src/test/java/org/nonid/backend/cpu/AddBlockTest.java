package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.kernels.host.HostKernels;

/** The vectorised block sum gives the host kernel's values to the bit, tails and a block added to itself included. */
class AddBlockTest {
    @Test
    void equalsTheHostKernel() {
        SplittableRandom r = new SplittableRandom(11);
        int lanes = Gemm.S.length();
        for (int cols : new int[] {1, 3, lanes, lanes + 5, 4 * lanes, 4 * lanes + 7}) {
            for (int rows : new int[] {1, 5, 16}) {
                int ss = cols + 9;
                int ds = 3 * cols + 2;
                float[] src = UniformValues.of(r, rows * ss + 4);
                float[] dst = UniformValues.of(r, rows * ds + 6);
                float[] expected = dst.clone();
                HostKernels.copyBlock(src, 4, ss, expected, 6, ds, rows, cols, true);
                Elementwise.addBlock(src, 4, ss, dst, 6, ds, rows, cols);
                assertArrayEquals(expected, dst, 0f, rows + " x " + cols);
                // overlapping rows of one array: the host's sequential sums
                float[] one = UniformValues.of(r, rows * ds + cols + 8);
                float[] same = one.clone();
                HostKernels.copyBlock(same, 0, ds, same, 3, ds, rows, cols, true);
                Elementwise.addBlock(one, 0, ds, one, 3, ds, rows, cols);
                assertArrayEquals(same, one, 0f, "in place, " + rows + " x " + cols);
            }
        }
    }
}
