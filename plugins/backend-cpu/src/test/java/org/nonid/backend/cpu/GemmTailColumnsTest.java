package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Products whose width is not a whole number of vectors, with B exactly its size (no room to read
 * a vector past its last row): every element is the same chain of fused multiply-adds over the
 * sum as a plain loop makes, to the bit, and nothing past the product's end is touched.
 */
class GemmTailColumnsTest {
    @Test
    void tailColumnsEqualAPlainChainOfFusedMultiplyAdds() {
        int[][] shapes = { // transA, m, n, k: sums short enough to be one chunk
            {0, 9, 18, 64}, {0, 7, 17, 33}, {0, 1056, 18, 64}, {0, 13, 5, 8}, {0, 6, 3, 7},
            {1, 64, 18, 1056}, {1, 7, 18, 300}, {1, 5, 33, 40},
        };
        try (Parallel parallel = new Parallel(1)) {
            for (int[] s : shapes) {
                for (int offset : new int[] {0, 7}) {
                    check(parallel, s[0] == 1, s[1], s[2], s[3], offset);
                }
            }
        }
    }

    /** Operands {@code offset} elements into their arrays, B ending where its array ends. */
    private static void check(Parallel parallel, boolean transA, int m, int n, int k, int offset) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = UniformValues.of(r, offset + m * k);
        float[] b = UniformValues.of(r, offset + k * n);
        float[] c = new float[offset + m * n + 3];
        c[offset + m * n] = 7f;
        Gemm.gemm(parallel, transA, false, m, n, k, 1f, a, offset, b, offset, 0f, c, offset);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[offset + p * m + i] : a[offset + i * k + p];
                    acc = Math.fma(x, b[offset + p * n + j], acc);
                }
                assertEquals(acc, c[offset + i * n + j], 0f, "transA " + transA + " " + m + "x" + n + "x" + k
                        + " offset " + offset + " element " + i + "," + j);
            }
        }
        assertEquals(7f, c[offset + m * n], "the element after the product");
    }
}
