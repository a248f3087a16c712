package org.nonid.backend.cuda;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/** Memory where the kernels run and the copies to and from it: the GPU's ({@link CudaDevice}). */
interface DeviceMemory {
    /** Makes the device usable from the calling thread. */
    void enter();

    FloatPointer allocate(long floats);

    Pointer allocateBytes(long bytes);

    void free(Pointer memory);

    void zero(Pointer memory, long bytes);

    void toDevice(Pointer host, Pointer device, long bytes);

    void toHost(Pointer device, Pointer host, long bytes);

    void onDevice(Pointer source, Pointer target, long bytes);
}
