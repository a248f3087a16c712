package org.nonid.backend.cpu;

/**
 * {@code C += A^T B} (A {@code [k, m]}, B {@code [k, n]}, row-major; a weight gradient) fed a block
 * of rows of A and B at a time, in order, with the values {@link Gemm#gemm} gives for the whole
 * product: the sum is cut into the same chunks, each chunk is added up with the same fused
 * multiply-adds in the same order (its partial sums kept in memory between blocks) and added to C
 * (or, where gemm takes the transposed route, to a buffer added to C at the end). Blocks must not
 * cross the end of a chunk ({@link #rowsToChunkEnd}).
 */
final class WeightGradientSweep {
    private final int m;
    private final int n;
    private final int k;
    private final float[] c;
    private final boolean outer;
    private final int chunk;
    private final int sumRows;
    private final int sumCols;
    private final float[] partial;
    private final float[] outerSum;
    private int rowsInChunk;

    /** For {@code C [m, n] += A^T B} over a sum of k rows. */
    WeightGradientSweep(int m, int n, int k, float[] c) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.c = c;
        this.outer = Gemm.usesOuterKernel(m, n, k);
        this.chunk = outer ? Gemm.chunkRows(m, k) : Gemm.chunkRows(n, k);
        this.sumRows = outer ? n : m;
        this.sumCols = outer ? m : n;
        this.partial = new float[sumRows * sumCols];
        this.outerSum = outer ? new float[n * m] : null;
    }

    /** Rows that the next block may have at most. */
    int rowsToChunkEnd() {
        return chunk - rowsInChunk;
    }

    /**
     * Adds the next {@code rows} rows of the sum: A's at {@code a[aOff ..]} (stride m) and B's at
     * {@code b[bOff ..]} (stride n).
     */
    void add(Parallel parallel, float[] a, int aOff, float[] b, int bOff, int rows) {
        // partial[r, :] gets coefficient(p, r) times row p of the other operand, p ascending.
        float[] coef = outer ? b : a;
        int coefOff = outer ? bOff : aOff;
        int coefStride = outer ? n : m;
        float[] src = outer ? a : b;
        int srcOff = outer ? aOff : bOff;
        int ld = sumCols;
        int grain = Math.max(1, (1 << 14) / Math.max(1, rows * sumCols));
        parallel.forRange(0, sumRows, grain, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int t0 = r * sumCols;
                int p = 0;
                for (; p + 4 <= rows; p += 4) {
                    int cp = coefOff + p * coefStride + r;
                    Gemm.sumFourRows(partial, t0, sumCols, coef[cp], coef[cp + coefStride], coef[cp + 2 * coefStride],
                            coef[cp + 3 * coefStride], src, srcOff + p * ld, ld);
                }
                for (; p < rows; p++) {
                    Gemm.sumOneRow(partial, t0, sumCols, coef[coefOff + p * coefStride + r], src, srcOff + p * ld);
                }
            }
        });
        rowsInChunk += rows;
        if (rowsInChunk == chunk) {
            flush();
        }
    }

    /** Adds what is left to C. */
    void finish() {
        if (k == 0) {
            return;
        }
        if (rowsInChunk > 0) {
            flush();
        }
        if (outer) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += 1f * outerSum[j * m + i];
                }
            }
        }
    }

    private void flush() {
        Gemm.addScaledRow(outer ? outerSum : c, 0, partial, 0, partial.length, 1f);
        java.util.Arrays.fill(partial, 0f);
        rowsInChunk = 0;
    }
}
