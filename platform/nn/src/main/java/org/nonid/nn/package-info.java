/**
 * A small reverse-mode autograd over {@link org.nonid.api.compute.ComputeBackend} kernels, and the
 * layers and initialisers that model families are written with. A model written against this
 * package runs unchanged on every backend.
 */
@Export
@Version("1.6.0")
package org.nonid.nn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
