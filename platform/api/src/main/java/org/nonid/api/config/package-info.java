/**
 * Typed configuration: a schema of named, typed keys with defaults and bounds, resolved
 * against user-given values before anything is allocated.
 */
@Export
@Version("1.1.0")
package org.nonid.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
