package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The aNbN language plugin. */
@Component(service = Language.class, property = "nonid.name=aNbN")
public final class AnBnLanguage extends LanguagePlugin {
    public AnBnLanguage() {
        super("aNbN", "a^n b^n, n uniform on 1..M/2 (context-free); R1 #a = #b, R2 no b before an a",
                LanguageParameters.finite(2, "words have 2n symbols"),
                c -> new AnBn(LanguageParameters.maxLength(c)).drawing(LanguageParameters.sizes(c)));
    }
}
