/**
 * Host implementations of the sequence kernels for compute backends: {@link org.nonid.kernels.HostSequenceKernels}.
 */
@Export
@Version("1.0.0")
package org.nonid.kernels;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
