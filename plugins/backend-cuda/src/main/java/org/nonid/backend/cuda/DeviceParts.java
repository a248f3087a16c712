package org.nonid.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the backend's kernels run on: device memory, the kernel launcher and the matrix products,
 * with the facts that describe them.
 */
record DeviceParts(DeviceMemory memory, Launcher launcher, Products products, Supplier<Map<String, String>> facts) {

    /**
     * GPU 0 through the CUDA runtime, NVRTC and cuBLAS.
     *
     * @throws CudaDevice.UnavailableException saying what is missing
     */
    static DeviceParts gpu() throws CudaDevice.UnavailableException {
        CudaDevice device = CudaDevice.open();
        NvrtcKernels kernels = new NvrtcKernels(device.architecture());
        Blas blas = new Blas();
        return new DeviceParts(device, kernels, blas, () -> {
            Map<String, String> facts = new LinkedHashMap<>(device.facts());
            facts.put("cublas", blas.version());
            facts.put("kernels", "cuBLAS FP32 products; CUDA C compiled by NVRTC for " + device.architecture());
            return facts;
        });
    }
}
