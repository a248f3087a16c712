/**
 * Models as distributions over words: exact predictors (models written from a language's finite
 * support rather than trained), scoring of whole sequences, enumeration of a sparse model's
 * continuations, and the Kullback-Leibler divergence between two models (exact where the first one's
 * support is finite and small, Monte Carlo elsewhere), jointly or after a set of prompts.
 */
@Export
@Version("1.0.1")
package org.nonid.nn.distribution;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
