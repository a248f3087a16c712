package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The baN language plugin. */
@Component(service = Language.class, property = "nonid.name=baN")
public final class BaNLanguage extends LanguagePlugin {
    public BaNLanguage() {
        super("baN", "starts with b, even number of a (regular); R1 even #a, R2 starts with b",
                LanguageParameters.sampled(1, null, 15_000),
                c -> new BaN(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
