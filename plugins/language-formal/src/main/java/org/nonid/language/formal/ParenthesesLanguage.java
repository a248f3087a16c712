package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The parentheses language plugin. */
@Component(service = Language.class, property = "nonid.name=parentheses")
public final class ParenthesesLanguage extends LanguagePlugin {
    public ParenthesesLanguage() {
        super("parentheses", "balanced ( ) (context-free); R1 #( = #), R2 no prefix closes more than it opened",
                LanguageParameters.sampled(2, "words have 2l symbols", 512),
                c -> new Parentheses(LanguageParameters.maxLength(c), LanguageParameters.sizes(c)));
    }
}
