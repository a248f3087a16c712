/**
 * Experiments and runs: specs, the service that runs them, progress and cancellation, and the
 * store that records config, metric history, summaries, status and artifacts as runs go.
 */
@Export
@Version("1.6.0")
package org.nonid.api.run;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
