package org.nonid.backend.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;

/** Turns the status codes of the CUDA runtime, driver, cuBLAS and NVRTC into exceptions that say what failed. */
final class CudaStatus {
    private CudaStatus() {
    }

    /** A runtime API status ({@code cudaError_t}). */
    static void runtime(int status, String what) {
        if (status != cudart.cudaSuccess) {
            throw new CudaException(what + " failed: " + text(cudart.cudaGetErrorString(status)) + " (" + status + ")");
        }
    }

    /** A driver API status ({@code CUresult}). */
    static void driver(int status, String what) {
        if (status != cudart.CUDA_SUCCESS) {
            PointerPointer<BytePointer> name = new PointerPointer<>(1L);
            cudart.cuGetErrorString(status, name);
            BytePointer text = name.get(BytePointer.class, 0);
            throw new CudaException(what + " failed: " + text(text) + " (" + status + ")");
        }
    }

    static void blas(int status, String what) {
        if (status != cublas.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(what + " failed: " + text(cublas.cublasGetStatusString(status)) + " (" + status + ")");
        }
    }

    static void nvrtc(int status, String what) {
        if (status != nvrtc.NVRTC_SUCCESS) {
            throw new CudaException(what + " failed: " + text(nvrtc.nvrtcGetErrorString(status)) + " (" + status + ")");
        }
    }

    private static String text(BytePointer p) {
        return p == null || p.isNull() ? "unknown error" : p.getString();
    }

    /** A failed CUDA call. */
    static final class CudaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CudaException(String message) {
            super(message);
        }
    }
}
