package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The aNbNaN language plugin. */
@Component(service = Language.class, property = "nonid.name=aNbNaN")
public final class AnBnAnLanguage extends LanguagePlugin {
    public AnBnAnLanguage() {
        super("aNbNaN", "a^n b^n a^n, n uniform on 1..M/3 (context-sensitive); R1 #a = 2 #b, R2 a* b* a*, R3 same a's at both ends",
                LanguageParameters.finite(3, null),
                c -> new AnBnAn(LanguageParameters.maxLength(c)).drawing(LanguageParameters.sizes(c)));
    }
}
