/** Seeded random streams: one seed per run, from which every stream is derived by name. */
@Export
@Version("1.0.0")
package org.nonid.api.random;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
