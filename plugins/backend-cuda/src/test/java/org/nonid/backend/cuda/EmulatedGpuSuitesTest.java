package org.nonid.backend.cuda;

/**
 * The GPU suites on {@link EmulatedGpu}: the backend's CUDA C and the Java around it, checked on
 * any machine with g++ (skipped, with the reason, without one; a compile error fails).
 */
class EmulatedGpuSuitesTest extends GpuSuites {
    EmulatedGpuSuitesTest() {
        super(new CudaBackend(EmulatedGpu::parts), "emulated GPU");
    }

    @Override
    String skipReason() {
        return EmulatedGpu.load();
    }
}
