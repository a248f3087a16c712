package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The abN language plugin. */
@Component(service = Language.class, property = "nonid.name=abN")
public final class AbNLanguage extends LanguagePlugin {
    public AbNLanguage() {
        super("abN", "a^n b^n shuffled, n uniform on 1..M/2 (context-free); R1 #a = #b",
                LanguageParameters.sampled(2, "words have 2n symbols", 512),
                c -> new AbN(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
