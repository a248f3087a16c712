package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;

/** The Dyck sampler draws words as long as the authors' generator (opening probability 2/3). */
class DyckLengthTest {
    private static double meanLength(Map<String, Object> parameters, int samples) {
        DyckLanguage plugin = new DyckLanguage();
        FormalLanguage dyck = plugin.create(plugin.parameters().resolve("language", parameters));
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            int[] w = dyck.sample(random);
            assertTrue(dyck.isGrammatical(w));
            sum += w.length;
        }
        return sum / samples;
    }

    @Test
    void wordsAreAsLongAsTheAuthorsByDefault() {
        // the authors' generator: mean 10.3 symbols at M = 32 (6.2 when opening with probability 1/2)
        assertEquals(10.3, meanLength(Map.of("maxLength", 32), 40_000), 0.2);
        assertEquals(66, meanLength(Map.of("maxLength", 256), 20_000), 2.0);
    }

    @Test
    void theOpeningProbabilityIsAParameter() {
        assertEquals(6.17, meanLength(Map.of("maxLength", 32, "openProbability", 0.5), 40_000), 0.15);
    }
}
