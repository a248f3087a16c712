/**
 * The catalogue of installed plugins (languages, model families, measures, compute backends), found
 * through the service registry by their {@code nonid.name} property.
 */
@Export
@Version("1.2.0")
package org.nonid.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
