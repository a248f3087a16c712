/**
 * Training conditions: what is added to maximum likelihood during training, e.g. P1's adversarial
 * and oracle losses on out-of-distribution prompts.
 */
@Export
@Version("1.1.0")
package org.nonid.api.condition;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
