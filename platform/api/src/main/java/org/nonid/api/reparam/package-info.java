/**
 * Reparametrisations: maps of a model's parameters that leave its function unchanged (e.g. ReLU's
 * positive homogeneity), the tools of P1's third case study.
 */
@Export
@Version("1.0.0")
package org.nonid.api.reparam;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
