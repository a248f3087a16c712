package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix products on float arrays with the Vector API. Register-blocked
 * micro-kernels cover the shapes small models produce: "axpy" kernels that vectorise along the
 * columns of C (wide outputs; 4- and 5-row blocks, and a kernel keeping the partial sums of a few
 * wide rows in memory for long sums) and a "dot" kernel that vectorises along k (narrow outputs,
 * long sums). Operands in the wrong layout for the chosen kernel are packed first. A call that
 * computes some rows of C never stores into the others (threads own row ranges).
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    /** Rows of C up to which {@link #fewRowsKernel} is used. */
    private static final int FEW_ROWS = 12;
    /** Columns of C per block of {@link #fewRowsKernel}'s partial sums. */
    private static final int COLUMN_BLOCK = 256;
    /** Rows of C from which the wide kernels read B from packed panels ({@link #packPanels}). */
    private static final int PACKED_ROWS = 16;
    /** Rows of B (the length of the sum) from which a wider B is copied into panels. */
    private static final int PACKED_SUM = 32;
    /** Floats of A that a group of row blocks takes ({@link #panelRows}), so that it is read from cache for each panel. */
    private static final int GROUP_FLOATS = 32 * 1024;
    private static final ThreadLocal<float[]> PANELS = ThreadLocal.withInitial(() -> new float[0]);
    /** The calling thread's copy of an operand in another layout, read by every thread of its product. */
    private static final ThreadLocal<float[]> OPERAND = ThreadLocal.withInitial(() -> new float[0]);
    /** Each thread's lanes for the row kernels' column tails ({@link #rowOf}, {@link #addLanes}). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[5 * L]);
    /** Each thread's partial sums of {@link #fewRowsKernel}. */
    private static final ThreadLocal<float[]> FEW_ROW_SUMS = ThreadLocal.withInitial(() -> new float[0]);

    private Gemm() {
    }

    /**
     * C[m,n] = alpha * op(A) * op(B) + beta * C, with the layouts of {@code ComputeBackend.gemm}.
     * Chooses a kernel by shape, packs operands it needs in another layout, and splits the rows
     * of the output over the worker threads.
     */
    static void gemm(Parallel parallel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        long work = (long) m * n * Math.max(1, k);
        int grainRows = grainRows(n, k);
        if (k == 0 || alpha == 0f) {
            parallel.forRange(0, m, grainRows, (lo, hi) -> scaleRows(c, cOff, n, lo, hi, beta));
            return;
        }
        if (transA && usesOuterKernel(m, n, k)) {
            // Narrow weight gradient (A^T B with B [k, n<16]): compute (B^T A) [n, m], vectorised along m,
            // then add its transpose.
            float[] t = scratch(OPERAND, n * m);
            java.util.Arrays.fill(t, 0, n * m, 0f);
            int bRowStride = transB ? k : 1;
            int bColStride = transB ? 1 : n;
            float[] aRowMajor = a;
            parallel.forRange(0, n, 1, (lo, hi) ->
                    axpyKernel(m, k, 1f, b, bOff, bRowStride, bColStride, aRowMajor, aOff, t, 0, lo, hi));
            parallel.forRange(0, m, grainRows, (lo, hi) -> {
                scaleRows(c, cOff, n, lo, hi, beta);
                for (int i = lo; i < hi; i++) {
                    for (int j = 0; j < n; j++) {
                        c[cOff + i * n + j] += alpha * t[j * m + i];
                    }
                }
            });
            return;
        }
        if (!transA && useDotKernel(n, k)) {
            float[] bt = b;
            int btOff = bOff;
            if (!transB) {
                bt = scratch(OPERAND, n * k);
                transpose(b, bOff, k, n, bt, 0);
                btOff = 0;
            }
            float[] btFinal = bt;
            int btOffFinal = btOff;
            parallel.forRange(0, m, grainRows, (lo, hi) -> {
                scaleRows(c, cOff, n, lo, hi, beta);
                dotKernel(m, n, k, alpha, a, aOff, btFinal, btOffFinal, c, cOff, lo, hi);
            });
            return;
        }
        float[] br = b;
        int brOff = bOff;
        if (transB) {
            br = scratch(OPERAND, k * n);
            transpose(b, bOff, n, k, br, 0);
            brOff = 0;
        }
        float[] brFinal = br;
        int brOffFinal = brOff;
        int aRowStride = transA ? 1 : k;
        int aColStride = transA ? m : 1;
        if (work < (1L << 16)) {
            scaleRows(c, cOff, n, 0, m, beta);
            axpyKernel(n, k, alpha, a, aOff, aRowStride, aColStride, brFinal, brOffFinal, c, cOff, 0, m);
            return;
        }
        // Wide products with beta 0 clear C in their kernels' first chunk, not in a pass of its own.
        boolean clears = beta == 0f && clearsInKernels(n);
        parallel.forRange(0, m, grainRows, (lo, hi) -> {
            if (!clears) {
                scaleRows(c, cOff, n, lo, hi, beta);
            }
            axpyKernel(n, k, alpha, a, aOff, aRowStride, aColStride, brFinal, brOffFinal, c, cOff, lo, hi, clears);
        });
    }

    /** Whether {@link #axpyKernel} can clear C itself: products whose rows the wide kernels take. */
    static boolean clearsInKernels(int n) {
        return n % (2 * L) == 0 && n >= 4 * L;
    }

    /**
     * Whether {@link #gemm} computes {@code A^T B} (A stored [k, m], B [k, n]) as the transpose of
     * {@code B^T A}: outputs narrower than a vector, and a sum much longer than the output is wide
     * or tall (weight gradients: {@code X^T dY}).
     */
    static boolean usesOuterKernel(int m, int n, int k) {
        return n < L && m >= L && k >= 4 * Math.max(m, n);
    }

    /** Rows of C per piece of work handed to a thread: about a million multiply-adds. */
    static int grainRows(int n, int k) {
        return (int) Math.max(ROWS, (1L << 20) / Math.max(1L, (long) n * Math.max(1, k)));
    }

    /** The number of rows of the sum that {@link #axpyKernel} adds up in registers before adding them to C. */
    static int chunkRows(int n, int k) {
        return Math.max(16, Math.min(k, (64 * 1024) / Math.max(1, n)));
    }

    /** Whether the dot kernel suits this shape: few output columns and a long sum. */
    static boolean useDotKernel(int n, int k) {
        return n < L && k >= 2 * L;
    }

    /** C rows [rowStart, rowEnd) *= beta (beta 0 clears them, NaN included). */
    static void scaleRows(float[] c, int cOff, int n, int rowStart, int rowEnd, float beta) {
        if (beta == 1f) {
            return;
        }
        int from = cOff + rowStart * n;
        int to = cOff + rowEnd * n;
        if (beta == 0f) {
            java.util.Arrays.fill(c, from, to, 0f);
        } else {
            for (int i = from; i < to; i++) {
                c[i] *= beta;
            }
        }
    }

    /**
     * C[i, :] += alpha * sum_p A(i,p) B[p, :] for rows [rowStart, rowEnd), with B row-major [k, n]
     * and A(i,p) at {@code a[aOff + i * aRowStride + p * aColStride]}. The sum runs in chunks so that
     * the B panel stays in cache while every row block uses it.
     */
    static void axpyKernel(int n, int k, float alpha, float[] a, int aOff, int aRowStride, int aColStride,
                           float[] b, int bOff, float[] c, int cOff, int rowStart, int rowEnd) {
        axpyKernel(n, k, alpha, a, aOff, aRowStride, aColStride, b, bOff, c, cOff, rowStart, rowEnd, false);
    }

    /**
     * {@link #axpyKernel}, with {@code clear} ({@link #clearsInKernels} products only): C's rows
     * taken as zeros, whatever they hold. The wide kernels of the first chunk read them as zeros
     * (and add their sums to those zeros, as to a cleared C); other rows are cleared first.
     */
    static void axpyKernel(int n, int k, float alpha, float[] a, int aOff, int aRowStride, int aColStride,
                           float[] b, int bOff, float[] c, int cOff, int rowStart, int rowEnd, boolean clear) {
        int chunk = chunkRows(n, k);
        boolean fewRows = rowEnd - rowStart <= FEW_ROWS && n >= 4 * L && k >= 4 * chunk;
        if (clear) {
            int wideEnd = rowStart;
            while (wideBlockRows(rowEnd - wideEnd) > 1) {
                wideEnd += wideBlockRows(rowEnd - wideEnd);
            }
            scaleRows(c, cOff, n, fewRows ? rowStart : wideEnd, rowEnd, 0f);
        }
        if (fewRows) {
            fewRowsKernel(n, k, chunk, alpha, a, aOff, aRowStride, aColStride, b, bOff, c, cOff, rowStart, rowEnd);
            return;
        }
        // Blocks four vectors wide (and six-row blocks for a pair) only where the columns are whole pairs of
        // vectors: column tails would run row by row.
        boolean wholePairs = n % (2 * L) == 0;
        // Wide products of enough rows run on panels of B four vectors wide, one run of memory each:
        // their kernels' strides are constants, so the JIT takes the bounds checks out of the loop
        // and the sums stay in registers (with a check and its exit to the interpreter in the loop,
        // where the sums must be saved, it kept some of them on the stack in some compilations:
        // half speed, by chance). B four vectors wide is one panel as it lies; wider, it is copied. A
        // transposed (weight gradients) stays on the general kernels: gathering its rows into rows of
        // their own first made the LSTM step 5% slower.
        // Copying pays from sums of PACKED_SUM rows: shorter ones use each copied element too few times.
        boolean packed = wholePairs && n >= 4 * L && rowEnd - rowStart >= PACKED_ROWS && aColStride == 1
                && (n == 4 * L || Math.min(chunk, k) >= PACKED_SUM);
        boolean copies = packed && n > 4 * L;
        float[] panels = copies ? panelScratch(chunk * n) : null;
        float[] scratch = LANES.get();
        // the lanes rowOf reads past a row's end are zeros
        java.util.Arrays.fill(scratch, 0, L, 0f);
        for (int p0 = 0; p0 < k; p0 += chunk) {
            int kc = Math.min(chunk, k - p0);
            int aChunk = aOff + p0 * aColStride;
            int bChunk = bOff + p0 * n;
            int i = rowStart;
            // C's rows taken as zeros (0) or as they are (1): a number, not a branch, in the kernels, whose
            // compiled code would otherwise be thrown away the first time a product took the other way
            float keep = clear && p0 == 0 ? 0f : 1f;
            if (copies) {
                packPanels(b, bChunk, n, kc, panels);
                i = panelRows(n, kc, alpha, a, aChunk, aRowStride, panels, 0, c, cOff, rowStart, rowEnd, keep);
            } else if (packed) {
                // B four vectors wide is one panel as it lies
                i = panelRows(n, kc, alpha, a, aChunk, aRowStride, b, bChunk, c, cOff, rowStart, rowEnd, keep);
            }
            while (i < rowEnd) {
                int left = rowEnd - i;
                int aRow = aChunk + i * aRowStride;
                int cRow = cOff + i * n;
                int wide = wholePairs && n >= 4 * L ? wideBlockRows(left) : 0;
                if (wide > 1) {
                    wideRows(wide, n, kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk, c, cRow, keep);
                    i += wide;
                } else if (wholePairs && n < 4 * L && (left >= 12 || left == 6)) {
                    sixRows(n, kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk, c, cRow);
                    i += 6;
                } else if (left >= 5 && left % ROWS != 0) {
                    // Five rows where fours would leave single rows (ten-row weight gradients: 5 + 5, not 4 + 4 + 1 + 1).
                    fiveRows(n, kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk, c, cRow, scratch);
                    i += 5;
                } else if (left >= ROWS) {
                    fourRows(n, kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk, c, cRow, scratch);
                    i += ROWS;
                } else {
                    axpyRow(n, kc, alpha, a, aRow, aColStride, b, bChunk, c, cRow, 0, scratch);
                    i++;
                }
            }
        }
    }

    /**
     * The chunk of B ({@code kc} rows of n, from {@code bChunk}) as panels four vectors wide (the
     * last a pair where n is not a whole number of fours), each panel's rows one after another.
     * Read in place, a panel's rows lie a row of B apart (a kilobyte and more for n >= 256), on few
     * sets of the first-level cache: they evict each other before the next block of rows comes back
     * to them. Packed, a panel is one run of memory that stays there.
     */
    private static void packPanels(float[] b, int bChunk, int n, int kc, float[] panels) {
        int at = 0;
        for (int j = 0; j < n; j += 4 * L) {
            int w = Math.min(4 * L, n - j);
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bChunk + p * n + j, panels, at, w);
                at += w;
            }
        }
    }

    /**
     * Rows [rowStart, ...) of a product at least four vectors wide, from panels of B four vectors
     * wide starting at {@code panelsAt} (copied by {@link #packPanels}, or B itself where it is one
     * panel wide): groups of row blocks of five or four rows ({@link #wideBlockRows}), and
     * within a group each panel through every block before the next panel. Returns the first row
     * left for single rows (fewer than four).
     */
    private static int panelRows(int n, int kc, float alpha, float[] a, int aChunk, int aRowStride, float[] panels,
                                 int panelsAt, float[] c, int cOff, int rowStart, int rowEnd, float keep) {
        int groupRows = Math.max(8, GROUP_FLOATS / kc);
        int i0 = rowStart;
        while (wideBlockRows(rowEnd - i0) > 1) {
            int i1 = i0;
            while (i1 - i0 < groupRows && wideBlockRows(rowEnd - i1) > 1) {
                i1 += wideBlockRows(rowEnd - i1);
            }
            for (int j = 0; j < n; j += 4 * L) {
                int w = Math.min(4 * L, n - j);
                for (int i = i0; i < i1; i += wideBlockRows(rowEnd - i)) {
                    widePanel(wideBlockRows(rowEnd - i), w, kc, alpha, a, aChunk + i * aRowStride, aRowStride, panels,
                            panelsAt + j * kc, c, cOff + i * n + j, n, keep);
                }
            }
            i0 = i1;
        }
        return i0;
    }

    /** Five or four rows of C by a panel of B four vectors wide or a pair ({@code width}), rows {@code width} apart. */
    private static void widePanel(int rows, int width, int kc, float alpha, float[] a, int aRow, int aRowStride,
                                  float[] panel, int at, float[] c, int cRow, int n, float keep) {
        if (width == 4 * L) {
            if (rows == 5) {
                panel5x4(kc, alpha, a, aRow, aRowStride, panel, at, c, cRow, n, keep);
            } else {
                panel4x4(kc, alpha, a, aRow, aRowStride, panel, at, c, cRow, n, keep);
            }
        } else if (rows == 5) {
            axpy5x2(kc, alpha, a, aRow, aRowStride, 1, panel, at, width, c, cRow, n, keep);
        } else {
            axpy4x2(kc, alpha, a, aRow, aRowStride, 1, panel, at, width, c, cRow, n, keep);
        }
    }

    /**
     * {@link #axpy5x4} on a panel of B four vectors wide, rows one after another ({@link #packPanels}),
     * with A's columns adjacent: every index in the loop is the loop counter times a constant plus
     * an invariant, which the JIT checks once before the loop.
     */
    private static void panel5x4(int k, float alpha, float[] a, int a0, int ars, float[] b, int b0, float[] c,
                                  int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        int a1 = a0 + ars, a2 = a0 + 2 * ars, a3 = a0 + 3 * ars, a4 = a0 + 4 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * 4 * L;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c02 = x0.fma(b2v, c02);
            c03 = x0.fma(b3v, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c12 = x1.fma(b2v, c12);
            c13 = x1.fma(b3v, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c22 = x2.fma(b2v, c22);
            c23 = x2.fma(b3v, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            c32 = x3.fma(b2v, c32);
            c33 = x3.fma(b3v, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x4.fma(b0v, c40);
            c41 = x4.fma(b1v, c41);
            c42 = x4.fma(b2v, c42);
            c43 = x4.fma(b3v, c43);
        }
        // written out, not through a helper: a method taking vectors would box them if left out of line
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        int r = c0;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c02.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c03.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c12.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c13.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c22.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c23.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c32.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c33.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c40.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c41.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c42.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c43.mul(alpha)).intoArray(c, r + 3 * L);
    }

    /** {@link #axpy4x4} on a panel of B four vectors wide with A's columns adjacent, as {@link #panel5x4}. */
    private static void panel4x4(int k, float alpha, float[] a, int a0, int ars, float[] b, int b0, float[] c,
                                  int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int a1 = a0 + ars, a2 = a0 + 2 * ars, a3 = a0 + 3 * ars;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * 4 * L;
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c02 = x0.fma(b2v, c02);
            c03 = x0.fma(b3v, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c12 = x1.fma(b2v, c12);
            c13 = x1.fma(b3v, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c22 = x2.fma(b2v, c22);
            c23 = x2.fma(b3v, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            c32 = x3.fma(b2v, c32);
            c33 = x3.fma(b3v, c33);
        }
        // written out, not through a helper: a method taking vectors would box them if left out of line
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        int r = c0;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c02.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c03.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c12.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c13.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c22.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c23.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c32.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c33.mul(alpha)).intoArray(c, r + 3 * L);
    }

    /** This thread's buffer for packed panels, at least {@code floats} long. */
    private static float[] panelScratch(int floats) {
        return scratch(PANELS, floats);
    }

    /** This thread's buffer of a kind, at least {@code floats} long (grown, never shrunk; not cleared). */
    private static float[] scratch(ThreadLocal<float[]> kind, int floats) {
        float[] buffer = kind.get();
        if (buffer.length < floats) {
            buffer = new float[floats];
            kind.set(buffer);
        }
        return buffer;
    }

    // One method per block height, so that each is a small unit for the JIT.

    /** Six rows of C whose width is a whole number of vector pairs (no column tail). */
    private static void sixRows(int n, int kc, float alpha, float[] a, int aRow, int aRowStride, int aColStride,
                                float[] b, int bChunk, float[] c, int cRow) {
        for (int j = 0; j < n; j += 2 * L) {
            axpy6x2(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n);
        }
    }

    /**
     * How many rows the next block of a product at least four vectors wide takes: fives, with as
     * many fours (at most four of them) as make the rest a whole number of blocks, else single rows.
     *
     * <p>Without branches: the JIT compiles a branch that training never took as a trap, and a
     * product of fewer rows (a decoding batch of 8) would then throw the whole compiled kernel away
     * and run it unoptimised until it is compiled again. {@code (x >>> 31)} is 1 for negative x.
     */
    static int wideBlockRows(int left) {
        int fours = (4 * left) % 5;
        int atLeastFive = ((left - 5) >>> 31) ^ 1;
        int atLeastFour = ((left - 4) >>> 31) ^ 1;
        int noFours = (fours - 1) >>> 31;
        int fewFours = (left - 4 * fours) >>> 31;
        return 1 + 3 * atLeastFour + (atLeastFive & (noFours | fewFours));
    }

    /**
     * Five or four rows of C whose width is a whole number of vector pairs, at least four vectors:
     * four vectors at a time, then a pair.
     */
    private static void wideRows(int rows, int n, int kc, float alpha, float[] a, int aRow, int aRowStride,
                                 int aColStride, float[] b, int bChunk, float[] c, int cRow, float keep) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            if (rows == 5) {
                axpy5x4(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, keep);
            } else {
                axpy4x4(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, keep);
            }
        }
        if (j < n) {
            if (rows == 5) {
                axpy5x2(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, keep);
            } else {
                axpy4x2(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, keep);
            }
        }
    }

    private static void fiveRows(int n, int kc, float alpha, float[] a, int aRow, int aRowStride, int aColStride,
                                 float[] b, int bChunk, float[] c, int cRow, float[] scratch) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            axpy5x2(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, 1f);
        }
        for (int r = 0; r < 5; r++) {
            axpyRow(n, kc, alpha, a, aRow + r * aRowStride, aColStride, b, bChunk, c, cRow + r * n, j, scratch);
        }
    }

    private static void fourRows(int n, int kc, float alpha, float[] a, int aRow, int aRowStride, int aColStride,
                                 float[] b, int bChunk, float[] c, int cRow, float[] scratch) {
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            axpy4x2(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, 1f);
        }
        for (; j < n; j += L) {
            axpy4x1(kc, alpha, a, aRow, aRowStride, aColStride, b, bChunk + j, n, c, cRow + j, n, Math.min(L, n - j),
                    scratch);
        }
    }

    /**
     * {@link #axpyKernel} for a few rows of C and a long sum (weight gradients of narrow layers:
     * {@code X^T dY} with X ten wide). The register kernels walk B down its columns, one page per
     * row of the chunk; this one walks B along its rows and keeps the partial sums of a block of
     * columns in a small buffer instead of registers. Each element sees the same fused
     * multiply-adds in the same order, chunk by chunk, so the values are the same to the bit.
     */
    private static void fewRowsKernel(int n, int k, int chunk, float alpha, float[] a, int aOff, int aRowStride,
                                      int aColStride, float[] b, int bOff, float[] c, int cOff, int rowStart,
                                      int rowEnd) {
        int rows = rowEnd - rowStart;
        int width = Math.min(n, COLUMN_BLOCK);
        float[] t = scratch(FEW_ROW_SUMS, rows * width);
        for (int p0 = 0; p0 < k; p0 += chunk) {
            int kc = Math.min(chunk, k - p0);
            for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
                int w = Math.min(COLUMN_BLOCK, n - j0);
                java.util.Arrays.fill(t, 0, rows * w, 0f);
                int p = 0;
                for (; p + 4 <= kc; p += 4) {
                    int b0 = bOff + (p0 + p) * n + j0;
                    for (int r = 0; r < rows; r++) {
                        int ap = aOff + (rowStart + r) * aRowStride + (p0 + p) * aColStride;
                        sumFourRows(t, r * w, w, a[ap], a[ap + aColStride], a[ap + 2 * aColStride],
                                a[ap + 3 * aColStride], b, b0, n);
                    }
                }
                for (; p < kc; p++) {
                    int b0 = bOff + (p0 + p) * n + j0;
                    for (int r = 0; r < rows; r++) {
                        float x = a[aOff + (rowStart + r) * aRowStride + (p0 + p) * aColStride];
                        sumOneRow(t, r * w, w, x, b, b0);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    addScaledRow(c, cOff + (rowStart + r) * n + j0, t, r * w, w, alpha);
                }
            }
        }
    }

    /** t[j] = fma(x3, b3[j], fma(x2, b2[j], fma(x1, b1[j], fma(x0, b0[j], t[j])))) for j < w, b_i = rows of B. */
    static void sumFourRows(float[] t, int t0, int w, float x0, float x1, float x2, float x3, float[] b,
                                    int b0, int ldb) {
        FloatVector v0 = FloatVector.broadcast(S, x0);
        FloatVector v1 = FloatVector.broadcast(S, x1);
        FloatVector v2 = FloatVector.broadcast(S, x2);
        FloatVector v3 = FloatVector.broadcast(S, x3);
        int j = 0;
        for (; j + L <= w; j += L) {
            FloatVector acc = FloatVector.fromArray(S, t, t0 + j);
            acc = v0.fma(FloatVector.fromArray(S, b, b0 + j), acc);
            acc = v1.fma(FloatVector.fromArray(S, b, b0 + ldb + j), acc);
            acc = v2.fma(FloatVector.fromArray(S, b, b0 + 2 * ldb + j), acc);
            acc = v3.fma(FloatVector.fromArray(S, b, b0 + 3 * ldb + j), acc);
            acc.intoArray(t, t0 + j);
        }
        for (; j < w; j++) {
            float acc = t[t0 + j];
            acc = Math.fma(x0, b[b0 + j], acc);
            acc = Math.fma(x1, b[b0 + ldb + j], acc);
            acc = Math.fma(x2, b[b0 + 2 * ldb + j], acc);
            acc = Math.fma(x3, b[b0 + 3 * ldb + j], acc);
            t[t0 + j] = acc;
        }
    }

    /** t[j] = fma(x, b[j], t[j]) for j < w. */
    static void sumOneRow(float[] t, int t0, int w, float x, float[] b, int b0) {
        FloatVector v = FloatVector.broadcast(S, x);
        int j = 0;
        for (; j + L <= w; j += L) {
            v.fma(FloatVector.fromArray(S, b, b0 + j), FloatVector.fromArray(S, t, t0 + j)).intoArray(t, t0 + j);
        }
        for (; j < w; j++) {
            t[t0 + j] = Math.fma(x, b[b0 + j], t[t0 + j]);
        }
    }

    /** c[j] += alpha * t[j] for j < w. */
    static void addScaledRow(float[] c, int c0, float[] t, int t0, int w, float alpha) {
        int j = 0;
        for (; j + L <= w; j += L) {
            FloatVector.fromArray(S, c, c0 + j).add(FloatVector.fromArray(S, t, t0 + j).mul(alpha)).intoArray(c, c0 + j);
        }
        for (; j < w; j++) {
            c[c0 + j] += alpha * t[t0 + j];
        }
    }

    /** One row of C from column {@code jFrom} on. */
    private static void axpyRow(int n, int kc, float alpha, float[] a, int aRow, int aColStride, float[] b, int bChunk,
                                float[] c, int cRow, int jFrom, float[] scratch) {
        int j = jFrom;
        for (; j + L <= n; j += L) {
            axpy1x1(kc, alpha, a, aRow, aColStride, b, bChunk + j, n, c, cRow + j);
        }
        if (j < n) {
            axpy1x1Tail(kc, alpha, a, aRow, aColStride, b, bChunk + j, n, c, cRow + j, n - j, scratch);
        }
    }

    private static void axpy5x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            c40 = x4.fma(b0v, c40);
            c41 = x4.fma(b1v, c41);
            ap += acs;
            bp += ldb;
        }
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        FloatVector.fromArray(S, c, c0).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + ldc).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, c0 + ldc);
        FloatVector.fromArray(S, c, c0 + ldc + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, c0 + ldc + L);
        FloatVector.fromArray(S, c, c0 + 2 * ldc).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, c0 + 2 * ldc);
        FloatVector.fromArray(S, c, c0 + 2 * ldc + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, c0 + 2 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 3 * ldc).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, c0 + 3 * ldc);
        FloatVector.fromArray(S, c, c0 + 3 * ldc + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, c0 + 3 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 4 * ldc).blend(0f, cleared).add(c40.mul(alpha)).intoArray(c, c0 + 4 * ldc);
        FloatVector.fromArray(S, c, c0 + 4 * ldc + L).blend(0f, cleared).add(c41.mul(alpha)).intoArray(c, c0 + 4 * ldc + L);
    }


    private static void axpy4x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            ap += acs;
            bp += ldb;
        }
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        FloatVector.fromArray(S, c, c0).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c0 + ldc).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, c0 + ldc);
        FloatVector.fromArray(S, c, c0 + ldc + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, c0 + ldc + L);
        FloatVector.fromArray(S, c, c0 + 2 * ldc).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, c0 + 2 * ldc);
        FloatVector.fromArray(S, c, c0 + 2 * ldc + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, c0 + 2 * ldc + L);
        FloatVector.fromArray(S, c, c0 + 3 * ldc).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, c0 + 3 * ldc);
        FloatVector.fromArray(S, c, c0 + 3 * ldc + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, c0 + 3 * ldc + L);
    }

    /**
     * Five rows by four vectors: 20 sums in registers, each B row's four vectors loaded once per
     * five rows (six rows by four, 24 sums, ran at half speed in some runs: the JIT spilled sums
     * from the loop, depending on the profile it compiled with).
     */
    private static void axpy5x4(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c02 = x0.fma(b2v, c02);
            c03 = x0.fma(b3v, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c12 = x1.fma(b2v, c12);
            c13 = x1.fma(b3v, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c22 = x2.fma(b2v, c22);
            c23 = x2.fma(b3v, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            c32 = x3.fma(b2v, c32);
            c33 = x3.fma(b3v, c33);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = x4.fma(b0v, c40);
            c41 = x4.fma(b1v, c41);
            c42 = x4.fma(b2v, c42);
            c43 = x4.fma(b3v, c43);
            ap += acs;
            bp += ldb;
        }
        // written out, not through a helper: a method taking vectors would box them if left out of line
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        int r = c0;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c02.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c03.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c12.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c13.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c22.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c23.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c32.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c33.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c40.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c41.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c42.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c43.mul(alpha)).intoArray(c, r + 3 * L);
    }

    /** Four rows by four vectors: sixteen sums in registers. */
    private static void axpy4x4(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float keep) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2v = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3v = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            c02 = x0.fma(b2v, c02);
            c03 = x0.fma(b3v, c03);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            c12 = x1.fma(b2v, c12);
            c13 = x1.fma(b3v, c13);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            c22 = x2.fma(b2v, c22);
            c23 = x2.fma(b3v, c23);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            c32 = x3.fma(b2v, c32);
            c33 = x3.fma(b3v, c33);
            ap += acs;
            bp += ldb;
        }
        // written out, not through a helper: a method taking vectors would box them if left out of line
        // from a compare, not maskAll(keep == 0f): a mask that is one of two constant objects may be boxed
        VectorMask<Float> cleared = FloatVector.broadcast(S, keep).compare(VectorOperators.EQ, 0f);
        int r = c0;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c00.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c01.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c02.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c03.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c10.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c11.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c12.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c13.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c20.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c21.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c22.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c23.mul(alpha)).intoArray(c, r + 3 * L);
        r += ldc;
        FloatVector.fromArray(S, c, r).blend(0f, cleared).add(c30.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(S, c, r + L).blend(0f, cleared).add(c31.mul(alpha)).intoArray(c, r + L);
        FloatVector.fromArray(S, c, r + 2 * L).blend(0f, cleared).add(c32.mul(alpha)).intoArray(c, r + 2 * L);
        FloatVector.fromArray(S, c, r + 3 * L).blend(0f, cleared).add(c33.mul(alpha)).intoArray(c, r + 3 * L);
    }

    /** Six rows by two vectors: twelve sums in registers, each B row's two vectors loaded once per six rows. */
    private static void axpy6x2(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector b0v = FloatVector.fromArray(S, b, bp);
            FloatVector b1v = FloatVector.fromArray(S, b, bp + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ap]);
            c00 = x0.fma(b0v, c00);
            c01 = x0.fma(b1v, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ap + ars]);
            c10 = x1.fma(b0v, c10);
            c11 = x1.fma(b1v, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = x2.fma(b0v, c20);
            c21 = x2.fma(b1v, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = x3.fma(b0v, c30);
            c31 = x3.fma(b1v, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[ap + 4 * ars]);
            c40 = x4.fma(b0v, c40);
            c41 = x4.fma(b1v, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[ap + 5 * ars]);
            c50 = x5.fma(b0v, c50);
            c51 = x5.fma(b1v, c51);
            ap += acs;
            bp += ldb;
        }
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        FloatVector.fromArray(S, c, c0).add(c00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(S, c, c0 + L).add(c01.mul(alpha)).intoArray(c, c0 + L);
        FloatVector.fromArray(S, c, c1).add(c10.mul(alpha)).intoArray(c, c1);
        FloatVector.fromArray(S, c, c1 + L).add(c11.mul(alpha)).intoArray(c, c1 + L);
        FloatVector.fromArray(S, c, c2).add(c20.mul(alpha)).intoArray(c, c2);
        FloatVector.fromArray(S, c, c2 + L).add(c21.mul(alpha)).intoArray(c, c2 + L);
        FloatVector.fromArray(S, c, c3).add(c30.mul(alpha)).intoArray(c, c3);
        FloatVector.fromArray(S, c, c3 + L).add(c31.mul(alpha)).intoArray(c, c3 + L);
        FloatVector.fromArray(S, c, c4).add(c40.mul(alpha)).intoArray(c, c4);
        FloatVector.fromArray(S, c, c4 + L).add(c41.mul(alpha)).intoArray(c, c4 + L);
        FloatVector.fromArray(S, c, c5).add(c50.mul(alpha)).intoArray(c, c5);
        FloatVector.fromArray(S, c, c5 + L).add(c51.mul(alpha)).intoArray(c, c5 + L);
    }

    /**
     * How many of the {@code k} rows of B, {@code ldb} apart from {@code b0}, can be read a whole
     * vector wide without leaving the array. Lanes past the columns of C being computed read the
     * next row of B: their sums are never stored, so the values stored are the same.
     */
    private static int wholeVectorRows(float[] b, int b0, int ldb, int k) {
        int room = b.length - L - b0;
        return room < 0 ? 0 : Math.min(k, room / ldb + 1);
    }

    // Rows of B past wholeVectorRows are read through scratch[0, L): their first lanes copied, the
    // rest zeros. (Masked loads are not compiled to vector instructions on this JDK: with them an
    // 18-wide product took 0.48 ms, with this copy 0.12 ms.) The sums go to C through
    // scratch[L, 5L) and addLanes.

    /** B itself where its row can be read a whole vector wide, else scratch holding the row's first lanes. */
    private static float[] rowOf(float[] b, int bp, boolean whole, int lanes, float[] scratch) {
        if (whole) {
            return b;
        }
        System.arraycopy(b, bp, scratch, 0, lanes);
        return scratch;
    }

    private static void axpy4x1(int k, float alpha, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, int lanes, float[] scratch) {
        FloatVector c0v = FloatVector.zero(S), c1v = FloatVector.zero(S);
        FloatVector c2v = FloatVector.zero(S), c3v = FloatVector.zero(S);
        int whole = wholeVectorRows(b, b0, ldb, k);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, rowOf(b, bp, p < whole, lanes, scratch), p < whole ? bp : 0);
            c0v = FloatVector.broadcast(S, a[ap]).fma(bv, c0v);
            c1v = FloatVector.broadcast(S, a[ap + ars]).fma(bv, c1v);
            c2v = FloatVector.broadcast(S, a[ap + 2 * ars]).fma(bv, c2v);
            c3v = FloatVector.broadcast(S, a[ap + 3 * ars]).fma(bv, c3v);
            ap += acs;
            bp += ldb;
        }
        c0v.intoArray(scratch, L);
        c1v.intoArray(scratch, 2 * L);
        c2v.intoArray(scratch, 3 * L);
        c3v.intoArray(scratch, 4 * L);
        addLanes(c, c0, scratch, L, alpha, lanes);
        addLanes(c, c0 + ldc, scratch, 2 * L, alpha, lanes);
        addLanes(c, c0 + 2 * ldc, scratch, 3 * L, alpha, lanes);
        addLanes(c, c0 + 3 * ldc, scratch, 4 * L, alpha, lanes);
    }

    private static void axpy1x1(int k, float alpha, float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                float[] c, int c0) {
        FloatVector acc = FloatVector.zero(S);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            acc = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bp), acc);
            ap += acs;
            bp += ldb;
        }
        FloatVector.fromArray(S, c, c0).add(acc.mul(alpha)).intoArray(c, c0);
    }

    private static void axpy1x1Tail(int k, float alpha, float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                    float[] c, int c0, int lanes, float[] scratch) {
        FloatVector acc = FloatVector.zero(S);
        int whole = wholeVectorRows(b, b0, ldb, k);
        int ap = a0;
        int bp = b0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, rowOf(b, bp, p < whole, lanes, scratch), p < whole ? bp : 0);
            acc = FloatVector.broadcast(S, a[ap]).fma(bv, acc);
            ap += acs;
            bp += ldb;
        }
        acc.intoArray(scratch, L);
        addLanes(c, c0, scratch, L, alpha, lanes);
    }

    /**
     * C's {@code lanes} elements from {@code at} += {@code alpha} times the sums stored at
     * {@code sums[from]}: a whole vector when all are C's, else lane by lane (masked stores and
     * blends are not compiled to vector instructions on this JDK). The sums are the same either way.
     */
    private static void addLanes(float[] c, int at, float[] sums, int from, float alpha, int lanes) {
        if (lanes == L) {
            FloatVector.fromArray(S, c, at).add(FloatVector.fromArray(S, sums, from).mul(alpha)).intoArray(c, at);
            return;
        }
        for (int l = 0; l < lanes; l++) {
            c[at + l] += alpha * sums[from + l];
        }
    }

    /** C[i, j] += alpha * dot(A[i, :], Bt[j, :]) with A row-major [m, k] and Bt row-major [n, k]. */
    static void dotKernel(int m, int n, int k, float alpha, float[] a, int aOff, float[] bt, int bOff,
                          float[] c, int cOff, int rowStart, int rowEnd) {
        int kv = S.loopBound(k);
        float[] lanes = new float[4 * L];
        float[] sums = new float[4];
        int i = rowStart;
        for (; i + 2 <= rowEnd; i += 2) {
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                int a0 = aOff + i * k;
                int a1 = a0 + k;
                int b0 = bOff + j * k;
                int b1 = b0 + k;
                FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S);
                FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
                    FloatVector y1 = FloatVector.fromArray(S, bt, b1 + p);
                    s00 = x0.fma(y0, s00);
                    s01 = x0.fma(y1, s01);
                    s10 = x1.fma(y0, s10);
                    s11 = x1.fma(y1, s11);
                }
                s00.intoArray(lanes, 0);
                s01.intoArray(lanes, L);
                s10.intoArray(lanes, 2 * L);
                s11.intoArray(lanes, 3 * L);
                float d00;
                float d01;
                float d10;
                float d11;
                if (VectorMath.SIDE_BY_SIDE) {
                    VectorMath.sumLanesFour(lanes, 0, sums, 0);
                    d00 = sums[0];
                    d01 = sums[1];
                    d10 = sums[2];
                    d11 = sums[3];
                } else {
                    d00 = VectorMath.sumLanes(lanes, 0);
                    d01 = VectorMath.sumLanes(lanes, L);
                    d10 = VectorMath.sumLanes(lanes, 2 * L);
                    d11 = VectorMath.sumLanes(lanes, 3 * L);
                }
                for (int p = kv; p < k; p++) {
                    d00 += a[a0 + p] * bt[b0 + p];
                    d01 += a[a0 + p] * bt[b1 + p];
                    d10 += a[a1 + p] * bt[b0 + p];
                    d11 += a[a1 + p] * bt[b1 + p];
                }
                c[cOff + i * n + j] += alpha * d00;
                c[cOff + i * n + j + 1] += alpha * d01;
                c[cOff + (i + 1) * n + j] += alpha * d10;
                c[cOff + (i + 1) * n + j + 1] += alpha * d11;
            }
            for (; j < n; j++) {
                c[cOff + i * n + j] += alpha * dot(a, aOff + i * k, bt, bOff + j * k, k, lanes);
                c[cOff + (i + 1) * n + j] += alpha * dot(a, aOff + (i + 1) * k, bt, bOff + j * k, k, lanes);
            }
        }
        for (; i < rowEnd; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * n + j] += alpha * dot(a, aOff + i * k, bt, bOff + j * k, k, lanes);
            }
        }
    }

    /** dot(x[xo .. xo+len), y[yo .. yo+len)); {@code lanes} is scratch of a vector's length. */
    static float dot(float[] x, int xo, float[] y, int yo, int len, float[] lanes) {
        int kv = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), acc);
        }
        acc.intoArray(lanes, 0);
        float s = VectorMath.sumLanes(lanes, 0);
        for (int p = kv; p < len; p++) {
            s += x[xo + p] * y[yo + p];
        }
        return s;
    }

    /** Writes the transpose of a rows x cols block into {@code out} (cols x rows). */
    static void transpose(float[] in, int inOff, int rows, int cols, float[] out, int outOff) {
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    int src = inOff + i * cols;
                    for (int j = j0; j < j1; j++) {
                        out[outOff + j * rows + i] = in[src + j];
                    }
                }
            }
        }
    }
}
