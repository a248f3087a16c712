package org.nonid.backend.cuda;

import org.nonid.api.compute.Availability;

/** The GPU suites on GPU 0; skipped, with the reason, where there is none. */
class GpuSuitesTest extends GpuSuites {
    private static final CudaBackend GPU = new CudaBackend();

    GpuSuitesTest() {
        super(GPU, "GPU");
    }

    @Override
    String skipReason() {
        Availability a = GPU.availability();
        return a.usable() ? null : a.reason();
    }
}
