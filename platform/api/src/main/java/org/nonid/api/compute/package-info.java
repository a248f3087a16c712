/**
 * The tensor kernels that models run on. A {@link org.nonid.api.compute.ComputeBackend} owns its
 * tensors' memory (Java arrays, native buffers or device memory); models are written once against
 * the kernels and run unchanged on every backend.
 */
@Export
@Version("2.5.0")
package org.nonid.api.compute;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
