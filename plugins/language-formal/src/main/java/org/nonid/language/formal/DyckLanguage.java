package org.nonid.language.formal;

import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The dyck language plugin. */
@Component(service = Language.class, property = "nonid.name=dyck")
public final class DyckLanguage extends LanguagePlugin {
    public DyckLanguage() {
        super("dyck", "nested ( ) and [ ] (context-free); R1 brackets matched, R2 parentheses matched",
                LanguageParameters.sampledBuilder(2, "words have 2l symbols", 512)
                        .number(Dyck.OPEN_PROBABILITY, 2.0 / 3, 0.01, 0.99, "probability that the walk opens a bracket"
                                + " while one is open (the authors' generator: 2/3)")
                        .build(),
                c -> new Dyck(LanguageParameters.maxLength(c), LanguageParameters.sizes(c),
                        c.getDouble(Dyck.OPEN_PROBABILITY)));
    }
}
