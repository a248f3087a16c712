/**
 * Host implementations of the sequence kernels on Java float arrays: what
 * {@link org.nonid.kernels.HostSequenceKernels} runs, and what a backend over Java arrays can call
 * directly.
 */
@Export
@Version("1.4.0")
package org.nonid.kernels.host;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
