package org.nonid.backend.cpu;

/**
 * {@code C += A^T B} (A {@code [k, m]}, B {@code [k, n]}, row-major; a weight gradient) fed rows of
 * A and B in pieces, with the values {@link Gemm#gemm} gives for the whole product: the sum is cut
 * into the same chunks of rows, each chunk is added up from zero with the same fused multiply-adds
 * in the same order, and the chunks' sums are added to C in order (or, where gemm takes the
 * transposed route, to a buffer added to C at the end).
 *
 * <p>Two ways to feed it: a whole chunk's sum made anywhere ({@link #sumChunk}, e.g. on another
 * thread, into a buffer from {@link #newPartial}) and then committed in chunk order
 * ({@link #commit}); or rows streamed in order ({@link #stream}), which may cut chunks anywhere
 * (their partial sums then stay in memory between calls).
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
    private final float[] outerSum;
    private float[] streamed;
    private int streamedRows;
    /** Whether chunk sums are added up in memory (few wide rows) rather than in registers. */
    private final boolean inMemory;
    /** What a chunk buffer holds before its sum: 0 to add up in memory, -0 for the register kernels. */
    private final float startValue;

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
        this.outerSum = outer ? new float[n * m] : null;
        this.streamed = new float[0];
        this.inMemory = sumRows <= 12 && sumCols >= 64;
        this.startValue = inMemory ? 0f : -0f;
    }

    /** The rows of the sum that make one chunk. */
    int chunk() {
        return chunk;
    }

    /** A buffer for one chunk's sum, ready for {@link #sumChunk}. */
    float[] newPartial() {
        float[] partial = new float[sumRows * sumCols];
        java.util.Arrays.fill(partial, startValue);
        return partial;
    }

    /**
     * One whole chunk's sum (at most {@link #chunk} rows) into a buffer from {@link #newPartial}:
     * rows of A at {@code a[aOff ..]} (stride m) and of B at {@code b[bOff ..]} (stride n). A few
     * wide rows of sums (at most 12 rows, at least 64 columns) are added up in memory; others
     * with the register-blocked kernels into a buffer of -0, and {@code -0 + s = s} for every s, so
     * either way the buffer ends up holding each sum exactly as the unfused kernels form it.
     */
    void sumChunk(float[] partial, float[] a, int aOff, float[] b, int bOff, int rows) {
        if (inMemory) {
            continueChunk(partial, a, aOff, b, bOff, rows);
        } else if (outer) {
            Gemm.axpyKernel(m, rows, 1f, b, bOff, 1, n, a, aOff, partial, 0, 0, n);
        } else {
            Gemm.axpyKernel(n, rows, 1f, a, aOff, 1, m, b, bOff, partial, 0, 0, m);
        }
    }

    /** Adds rows into the running sum of a chunk, continuing its fused multiply-adds in memory. */
    private void continueChunk(float[] partial, float[] a, int aOff, float[] b, int bOff, int rows) {
        // partial[r, :] gets coefficient(p, r) times row p of the other operand, p ascending.
        float[] coef = outer ? b : a;
        int coefOff = outer ? bOff : aOff;
        int coefStride = outer ? n : m;
        float[] src = outer ? a : b;
        int srcOff = outer ? aOff : bOff;
        int ld = sumCols;
        for (int r = 0; r < sumRows; r++) {
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
    }

    /** Adds a whole chunk's sum from {@link #sumChunk} (the next chunk in order); the buffer is ready again. */
    void commit(float[] partial) {
        add(partial);
        java.util.Arrays.fill(partial, startValue);
    }

    private void add(float[] partial) {
        Gemm.addScaledRow(outer ? outerSum : c, 0, partial, 0, partial.length, 1f);
    }

    /** Adds the next {@code rows} rows of the sum in order, cutting them at the ends of chunks. */
    void stream(float[] a, int aOff, float[] b, int bOff, int rows) {
        int done = 0;
        while (done < rows) {
            int take = Math.min(rows - done, chunk - streamedRows);
            if (streamed.length == 0) {
                streamed = new float[sumRows * sumCols];
            }
            continueChunk(streamed, a, aOff + done * m, b, bOff + done * n, take);
            done += take;
            streamedRows += take;
            if (streamedRows == chunk) {
                flushStreamed();
            }
        }
    }

    private void flushStreamed() {
        add(streamed);
        java.util.Arrays.fill(streamed, 0f);
        streamedRows = 0;
    }

    /** Adds what is left to C. */
    void finish() {
        if (k == 0) {
            return;
        }
        if (streamedRows > 0) {
            flushStreamed();
        }
        if (outer) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += 1f * outerSum[j * m + i];
                }
            }
        }
    }
}
