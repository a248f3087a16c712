/**
 * Host implementations of the sequence kernels on Java float arrays: what
 * {@link org.nonid.api.compute.SequenceKernels} runs when a backend does not override a kernel,
 * and what a backend over Java arrays can call directly.
 */
@Export
@Version("1.1.0")
package org.nonid.api.compute.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
