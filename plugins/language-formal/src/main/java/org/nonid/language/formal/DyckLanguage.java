package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The dyck language plugin. */
@Component(service = Language.class, property = "nonid.name=dyck")
public final class DyckLanguage extends LanguagePlugin {
    public DyckLanguage() {
        super("dyck", "nested ( ) and [ ] (context-free); R1 brackets matched, R2 parentheses matched",
                LanguageParameters.sampled(2, "words have 2l symbols", 512),
                c -> new Dyck(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
