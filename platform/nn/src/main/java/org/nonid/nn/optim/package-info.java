/** Optimisers and learning-rate schedules over model parameters, on any compute backend. */
@Export
@Version("1.0.1")
package org.nonid.nn.optim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
