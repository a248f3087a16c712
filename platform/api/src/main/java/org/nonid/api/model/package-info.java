/**
 * Model families and models: autoregressive next-token predictors written against a
 * {@link org.nonid.api.compute.ComputeBackend}, with parameters, decoding and checkpoints.
 */
@Export
@Version("1.2.0")
package org.nonid.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
