/**
 * Formal languages: vocabularies, rules, samplers, exact supports and test-prompt sets.
 * A plugin registers a {@link org.nonid.api.language.Language} service that creates
 * {@link org.nonid.api.language.FormalLanguage} instances from parameters.
 */
@Export
@Version("1.1.1")
package org.nonid.api.language;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
