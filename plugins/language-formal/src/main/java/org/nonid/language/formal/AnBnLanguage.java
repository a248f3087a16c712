package org.nonid.language.formal;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The aNbN language plugin. */
@Component(service = Language.class, property = "nonid.name=aNbN")
public final class AnBnLanguage implements Language {
    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .integer("maxLength", 256, 2, 100_000, "longest word M (words a^n b^n with n = 1..M/2)")
            .check(c -> c.getInt("maxLength") % 2 == 0 ? List.of()
                    : List.of("maxLength = " + c.getInt("maxLength") + " must be even (words have 2n symbols)"))
            .build();

    @Override
    public String name() {
        return "aNbN";
    }

    @Override
    public String description() {
        return "a^n b^n, n uniform on 1..M/2 (context-free); R1 #a = #b, R2 no b before an a";
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public FormalLanguage create(Config parameters) {
        return new AnBn(parameters.getInt("maxLength"));
    }
}
