/**
 * Measures: what is computed about a model during and after training (losses, rule
 * extrapolation, ...), as named scalars with {@code split/metric} keys.
 */
@Export
@Version("1.3.0")
package org.nonid.api.measure;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
