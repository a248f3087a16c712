package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The aNbNcN language plugin. */
@Component(service = Language.class, property = "nonid.name=aNbNcN")
public final class AnBnCnLanguage extends LanguagePlugin {
    public AnBnCnLanguage() {
        super("aNbNcN", "a^n b^n c^n, n uniform on 1..M/3 (context-sensitive); R1 #a = #b = #c, R2 a's before b's before c's",
                LanguageParameters.finite(3, null),
                c -> new AnBnCn(LanguageParameters.maxLength(c)).drawing(LanguageParameters.sizes(c)));
    }
}
