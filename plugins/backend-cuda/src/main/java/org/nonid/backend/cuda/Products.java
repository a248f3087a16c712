package org.nonid.backend.cuda;

import org.bytedeco.javacpp.FloatPointer;

/** Matrix products in the column-major convention of BLAS ({@link Blas} on a GPU). */
interface Products {
    /**
     * Column-major strided batched {@code C = alpha op(A) op(B) + beta C} with op(A) m x k and
     * op(B) k x n, each operand with its leading dimension and batch stride.
     */
    void columnMajor(int count, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     FloatPointer a, int lda, long strideA, FloatPointer b, int ldb, long strideB,
                     float beta, FloatPointer c, int ldc, long strideC);

    /**
     * Row-major {@code C = alpha op(A) op(B) + beta C}, {@code count} times over consecutive blocks:
     * the column-major {@code C^T = op(B)^T op(A)^T}, which reads the same memory.
     */
    default void rowMajor(int count, boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a,
                          FloatPointer b, float beta, FloatPointer c) {
        columnMajor(count, transB, transA, n, m, k, alpha,
                b, transB ? k : n, (long) k * n,
                a, transA ? m : k, (long) m * k,
                beta, c, n, (long) m * n);
    }
}
