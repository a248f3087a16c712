package org.nonid.backend.cpu;

/**
 * Rows of {@code C = A op(B)} (A {@code [m, k]} row-major, alpha 1, beta 0) with the kernel and
 * the packed copy of B that {@link Gemm#gemm} would use for the whole product, so that a fused
 * kernel can compute any block of rows and get the values of the unfused product to the bit.
 */
final class RowProduct {
    private final int n;
    private final int k;
    private final boolean dot;
    /** B as the kernel reads it: [n, k] for the dot kernel, [k, n] for the axpy kernel. */
    private final float[] packed;

    private RowProduct(int n, int k, boolean dot, float[] packed) {
        this.n = n;
        this.k = k;
        this.dot = dot;
        this.packed = packed;
    }

    /** The product with B stored [k, n], or [n, k] if {@code transB}. */
    static RowProduct of(boolean transB, int n, int k, float[] b) {
        boolean dot = Gemm.useDotKernel(n, k);
        float[] packed = b;
        if (dot != transB) {
            packed = new float[n * k];
            if (transB) {
                Gemm.transpose(b, 0, n, k, packed, 0);
            } else {
                Gemm.transpose(b, 0, k, n, packed, 0);
            }
        }
        return new RowProduct(n, k, dot, packed);
    }

    /** Rows per piece of work handed to a thread, as {@link Gemm#gemm} splits them. */
    int grainRows() {
        return Gemm.grainRows(n, k);
    }

    /** Overwrites C rows [cRow, cRow + rows) with A rows [aRow, aRow + rows) times op(B) (gemm's beta 0). */
    void rows(float[] a, int aRow, float[] c, int cRow, int rows) {
        Gemm.scaleRows(c, cRow * n, n, 0, rows, 0f);
        addRows(a, aRow, c, cRow, rows);
    }

    /** Adds A rows [aRow, aRow + rows) times op(B) to C rows [cRow, cRow + rows) (gemm's beta 1). */
    void addRows(float[] a, int aRow, float[] c, int cRow, int rows) {
        if (k == 0 || rows == 0) {
            return;
        }
        if (dot) {
            Gemm.dotKernel(rows, n, k, 1f, a, aRow * k, packed, 0, c, cRow * n, 0, rows);
        } else {
            Gemm.axpyKernel(n, k, 1f, a, aRow * k, k, 1, packed, 0, c, cRow * n, 0, rows);
        }
    }
}
