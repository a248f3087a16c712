package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;

/** Out-of-range language parameters are refused by name, before anything is drawn. */
class ParametersTest {

    private static String refusal(String language, Map<String, ?> parameters) {
        return assertThrows(ConfigException.class, () -> Plugins.create(language, parameters)).getMessage();
    }

    @Test
    void oddLengthsAreRefusedWhereWordsComeInPairs() {
        for (String language : new String[] {"dyck", "csDyck", "parentheses", "aNbN", "abN"}) {
            String message = refusal(language, Map.of("maxLength", 33));
            assertTrue(message.contains("maxLength = 33 must be even"), language + ": " + message);
        }
        Plugins.create("baN", Map.of("maxLength", 33));
        Plugins.create("aNbNcN", Map.of("maxLength", 31));
    }

    @Test
    void tooShortOrEmptyIsRefused() {
        assertTrue(refusal("aNbNcN", Map.of("maxLength", 2)).contains("language.maxLength"));
        assertTrue(refusal("dyck", Map.of("trainSize", 0)).contains("language.trainSize"));
        assertTrue(refusal("baN", Map.of("testSize", -5)).contains("language.testSize"));
    }

    @Test
    void finiteLanguagesTakeSizesOfZeroOrMore() {
        String message = refusal("aNbN", Map.of("trainSize", -1));
        assertTrue(message.contains("language.trainSize = -1"), message);
        assertTrue(refusal("aNbNcN", Map.of("trainSizes", 10)).contains("unknown key 'language.trainSizes'"));
    }
}
