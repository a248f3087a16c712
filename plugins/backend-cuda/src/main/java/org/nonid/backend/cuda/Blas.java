package org.nonid.backend.cuda;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;

/** Products on cuBLAS in FP32 (no TF32: the handle keeps the default math mode). */
final class Blas implements Products {
    private final cublasContext handle = new cublasContext();
    private final FloatPointer alpha = new FloatPointer(1);
    private final FloatPointer beta = new FloatPointer(1);

    Blas() {
        CudaStatus.blas(cublas.cublasCreate_v2(handle), "cublasCreate");
    }

    String version() {
        int[] v = new int[1];
        cublas.cublasGetVersion_v2(handle, v);
        return (v[0] / 10000) + "." + (v[0] / 100 % 100) + "." + (v[0] % 100);
    }

    @Override
    public void columnMajor(int count, boolean transA, boolean transB, int m, int n, int k, float a,
                            FloatPointer aMatrix, int lda, long strideA, FloatPointer bMatrix, int ldb, long strideB,
                            float b, FloatPointer cMatrix, int ldc, long strideC) {
        if (m == 0 || n == 0 || count == 0) {
            return;
        }
        alpha.put(0, a);
        beta.put(0, b);
        int opA = transA ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        int opB = transB ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        if (count == 1) {
            CudaStatus.blas(cublas.cublasSgemm_v2(handle, opA, opB, m, n, k, alpha, aMatrix, Math.max(1, lda), bMatrix,
                    Math.max(1, ldb), beta, cMatrix, Math.max(1, ldc)), "cublasSgemm " + m + "x" + n + "x" + k);
        } else {
            CudaStatus.blas(cublas.cublasSgemmStridedBatched(handle, opA, opB, m, n, k, alpha, aMatrix, Math.max(1, lda),
                    strideA, bMatrix, Math.max(1, ldb), strideB, beta, cMatrix, Math.max(1, ldc), strideC, count),
                    "cublasSgemmStridedBatched " + count + " x " + m + "x" + n + "x" + k);
        }
    }
}
