// cuBLAS's strided batched SGEMM, column-major, as the emulated GPU's products: with beta == 0 the
// old contents of C are ignored, as cuBLAS does.
extern "C" JNIEXPORT void JNICALL Java_org_nonid_backend_cuda_EmulatedGpu_gemm(
        JNIEnv*, jclass, jint count, jboolean transA, jboolean transB, jint m, jint n, jint k, jfloat alpha,
        jlong a, jint lda, jlong strideA, jlong b, jint ldb, jlong strideB, jfloat beta, jlong c, jint ldc,
        jlong strideC) {
    for (int batch = 0; batch < count; batch++) {
        const float* A = (const float*) a + batch * strideA;
        const float* B = (const float*) b + batch * strideB;
        float* C = (float*) c + batch * strideC;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                float sum = 0.0f;
                for (int p = 0; p < k; p++) {
                    float x = transA ? A[p + (long long) i * lda] : A[i + (long long) p * lda];
                    float y = transB ? B[j + (long long) p * ldb] : B[p + (long long) j * ldb];
                    sum += x * y;
                }
                float* out = C + i + (long long) j * ldc;
                *out = alpha * sum + (beta == 0.0f ? 0.0f : beta * *out);
            }
        }
    }
}
