/**
 * Conformance checks that a third-party compute backend or model family can run in its own tests:
 * every kernel against a double-precision reference on random inputs, gradients against finite
 * differences. Checks are plain {@link java.lang.Runnable}s that throw {@link java.lang.AssertionError}.
 */
@Export
@Version("1.2.0")
package org.nonid.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
