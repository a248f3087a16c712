package org.nonid.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A dense float32 array in row-major order, owned by the backend that made it. Only that backend's
 * kernels accept it. Kernels that take matrix dimensions read the tensor as those dimensions,
 * whatever its shape says; the shape is for checks and messages.
 */
@ConsumerType
public interface Tensor {
    /** The dimensions, outermost first. */
    int[] shape();

    /** The number of elements. */
    int size();

    /** The backend that owns the memory. */
    ComputeBackend backend();
}
