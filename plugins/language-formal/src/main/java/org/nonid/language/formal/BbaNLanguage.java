package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The bbaN language plugin. */
@Component(service = Language.class, property = "nonid.name=bbaN")
public final class BbaNLanguage extends LanguagePlugin {
    public BbaNLanguage() {
        super("bbaN", "b^n a^2m (regular); R1 even #a after the last b, R2 every a after the last b",
                LanguageParameters.sampled(1, null, 15_000),
                c -> new BbaN(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
