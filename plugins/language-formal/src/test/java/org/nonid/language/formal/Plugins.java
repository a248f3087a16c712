package org.nonid.language.formal;

import java.util.List;
import java.util.Map;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;

/** Every language plugin of the bundle, and instances made from them. */
final class Plugins {
    private Plugins() {
    }

    static List<Language> all() {
        return List.of(new BaNLanguage(), new BbaNLanguage(), new AnBnLanguage(), new DyckLanguage(),
                new AnBnCnLanguage(), new CsDyckLanguage(), new AnBnAnLanguage(), new AbNLanguage(),
                new AnBmLanguage(), new ParenthesesLanguage());
    }

    static Language named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static FormalLanguage create(String name, Map<String, ?> parameters) {
        Language plugin = named(name);
        return plugin.create(plugin.parameters().resolve("language", parameters));
    }

    static FormalLanguage create(String name) {
        return create(name, Map.of());
    }
}
