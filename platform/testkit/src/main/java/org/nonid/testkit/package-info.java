/**
 * Conformance kits that a plugin runs in its own unit tests: {@link org.nonid.testkit.LanguageConformance},
 * {@link org.nonid.testkit.MeasureConformance} (over a real measure context, {@link org.nonid.testkit.KitMeasureContext}),
 * {@link org.nonid.testkit.ModelConformance}, and for compute backends every kernel against a
 * double-precision reference and gradients against finite differences. A check is a
 * {@link org.nonid.testkit.NamedCheck} whose body throws {@link java.lang.AssertionError}; backends for
 * tests come from {@link org.nonid.testkit.TestBackends}.
 */
@Export
@Version("1.3.0")
package org.nonid.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
