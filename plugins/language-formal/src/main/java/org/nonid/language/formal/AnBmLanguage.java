package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The aNbM language plugin. */
@Component(service = Language.class, property = "nonid.name=aNbM")
public final class AnBmLanguage extends LanguagePlugin {
    public AnBmLanguage() {
        super("aNbM", "a^n b^m, n, m >= 1 (regular); R1 no b before an a",
                LanguageParameters.sampled(2, null, 512),
                c -> new AnBm(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
