package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Products computed in blocks of six, five, four and single rows of C (four vectors or two wide) (every height the row
 * loop picks, heights that leave each remainder): every element is {@code c + alpha * s}, with
 * s the plain chain of fused multiply-adds over the sum (over each chunk of a long sum, added
 * chunk after chunk), to the bit.
 */
class GemmRowBlocksTest {
    @Test
    void everyBlockHeightGivesThePlainChainToTheBit() {
        int lanes = Gemm.S.length();
        int[] widths = {2 * lanes, 4 * lanes, 6 * lanes, 16 * lanes, 2 * lanes + 3};
        int[] heights = {1, 4, 5, 6, 7, 10, 12, 13, 17, 23, 64};
        try (Parallel parallel = new Parallel(1)) {
            for (boolean transA : new boolean[] {false, true}) {
                for (int n : widths) {
                    for (int m : heights) {
                        check(parallel, transA, m, n, 40);
                    }
                    // a sum longer than a chunk: each chunk's chain is added to C in turn
                    check(parallel, transA, 13, n, 3 * Gemm.chunkRows(n, 100_000) + 5);
                }
            }
        }
    }

    /**
     * Products whose chunks of B are read as panels (16 rows and more, A not transposed; B four
     * vectors wide, or wider with sums of 32 rows and more): copied panels of four vectors and a
     * last pair, B four vectors wide read as it lies (a short sum too), several chunks, several
     * groups of row blocks, rows split over two threads.
     */
    @Test
    void packedPanelsGiveThePlainChainToTheBit() {
        int lanes = Gemm.S.length();
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            check(one, false, 64, 6 * lanes, 100);
            check(one, false, 23, 16 * lanes, 3 * Gemm.chunkRows(16 * lanes, 100_000) + 5);
            check(one, false, 300, 4 * lanes + 2 * lanes, 700);
            check(two, false, 203, 16 * lanes, 64);
            check(one, false, 33, 4 * lanes, 7);
            check(one, false, 41, 4 * lanes, 3 * Gemm.chunkRows(4 * lanes, 100_000) + 5);
            check(two, false, 97, 4 * lanes, 32, 0f);
        }
    }

    /**
     * Wide products with beta 0, which clear C in their kernels rather than before them: whatever C
     * held (NaN here), each element is {@code 0 + alpha * s}, to the bit, through packed and
     * unpacked panels, row blocks and single rows, the few-rows kernel, and rows split over two
     * threads.
     */
    @Test
    void wideProductsWithBetaZeroClearWhatCHeld() {
        int lanes = Gemm.S.length();
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            check(one, false, 64, 6 * lanes, 100, 0f);
            check(one, false, 7, 4 * lanes, 200, 0f);
            check(one, false, 11, 6 * lanes, 100, 0f);
            check(one, false, 9, 16 * lanes, 4 * Gemm.chunkRows(16 * lanes, 100_000) + 3, 0f);
            check(one, true, 23, 4 * lanes, 3 * Gemm.chunkRows(4 * lanes, 100_000) + 5, 0f);
            check(two, false, 203, 16 * lanes, 64, 0f);
        }
    }

    @Test
    void wideProductsTakeRowsInFivesAndFoursWithoutSingleRowsFromTwelveUp() {
        for (int m = 1; m <= 300; m++) {
            int singles = 0;
            for (int left = m; left > 0; ) {
                int rows = Gemm.wideBlockRows(left);
                singles += rows == 1 ? 1 : 0;
                left -= rows;
            }
            int expected = m >= 12 || m % 4 == 0 || m % 5 == 0 || m == 9 ? 0 : m == 11 ? 1 : m % 5;
            assertEquals(expected, singles, m + " rows");
        }
    }

    @Test
    void theBranchFreeBlockHeightFollowsItsRuleForEveryCount() {
        for (int left = 1; left <= 1_000_000; left++) {
            int fours = (4 * left) % 5;
            int expected = left >= 5 && (fours == 0 || 4 * fours > left) ? 5 : left >= 4 ? 4 : 1;
            assertEquals(expected, Gemm.wideBlockRows(left), left + " rows left");
        }
    }

    private static void check(Parallel parallel, boolean transA, int m, int n, int k) {
        check(parallel, transA, m, n, k, 1f);
    }

    /** With beta 0, C holds NaN before the product and the expected values start from zeros. */
    private static void check(Parallel parallel, boolean transA, int m, int n, int k, float beta) {
        SplittableRandom r = new SplittableRandom(m * 131L + n * 7L + k + (transA ? 1 : 0));
        float[] a = UniformValues.of(r, m * k);
        float[] b = UniformValues.of(r, k * n);
        float[] c = beta == 0f ? new float[m * n] : UniformValues.of(r, m * n);
        if (beta == 0f) {
            java.util.Arrays.fill(c, Float.NaN);
        }
        float[] before = beta == 0f ? new float[m * n] : c.clone();
        float alpha = 0.75f;
        Gemm.gemm(parallel, transA, false, m, n, k, alpha, a, 0, b, 0, beta, c, 0);
        int chunk = Gemm.chunkRows(n, k);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float expected = before[i * n + j];
                for (int p0 = 0; p0 < k; p0 += chunk) {
                    float sum = 0f;
                    for (int p = p0; p < Math.min(k, p0 + chunk); p++) {
                        float x = transA ? a[p * m + i] : a[i * k + p];
                        sum = Math.fma(x, b[p * n + j], sum);
                    }
                    expected = expected + sum * alpha;
                }
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(c[i * n + j]),
                        (transA ? "A^T B " : "A B ") + m + "x" + n + "x" + k + " element " + i + "," + j + ": "
                        + expected + " vs " + c[i * n + j]);
            }
        }
    }
}
