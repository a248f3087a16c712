package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The csDyck language plugin. */
@Component(service = Language.class, property = "nonid.name=csDyck")
public final class CsDyckLanguage extends LanguagePlugin {
    public CsDyckLanguage() {
        super("csDyck", "( ) and [ ] each matched, may cross (context-sensitive); R1 brackets matched, R2 parentheses matched",
                LanguageParameters.sampled(2, "words have 2l symbols", 512),
                c -> new CsDyck(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
