/** Reports of experiments: tables, figures and files that pandas and browsers read. */
@Export
@Version("1.2.0")
package org.nonid.api.report;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
