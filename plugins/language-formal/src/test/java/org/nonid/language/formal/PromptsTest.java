package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;

/** The test prompts of SPEC section 3: their counts, their shapes, and where they are drawn at random. */
class PromptsTest {

    private static PromptSet prompts(String language, long seed) {
        FormalLanguage l = Plugins.create(language);
        return l.prompts(l.defaultPromptLength(), new SplittableRandom(seed));
    }

    private static List<String> shown(String language, List<int[]> words) {
        FormalLanguage l = Plugins.create(language);
        return words.stream().map(w -> l.vocabulary().format(w)).toList();
    }

    @Test
    void countsMatchSpec() {
        assertCounts("aNbN", 8, 5, 251);
        assertCounts("baN", 8, 128, 128);
        assertCounts("bbaN", 8, 128, 128);
        assertCounts("aNbNcN", 5, 4, 239);
        assertCounts("dyck", 8, 32, 32);
        assertCounts("csDyck", 8, 32, 32);
    }

    private static void assertCounts(String language, int k, int id, int ood) {
        FormalLanguage l = Plugins.create(language);
        assertEquals(k, l.defaultPromptLength(), language + " K");
        PromptSet p = prompts(language, 1);
        assertEquals(id, p.inDistribution().size(), language + " ID prompts");
        assertEquals(ood, p.outOfDistribution().size(), language + " OOD prompts");
    }

    @Test
    void aNbNcNInDistributionPromptsArePrefixesOfWords() {
        assertEquals(List.of("a a a a a", "a a a a b", "a a a b b", "a a b b c"),
                shown("aNbNcN", prompts("aNbNcN", 1).inDistribution()));
    }

    @Test
    void baNSplitsOnTheFirstSymbol() {
        FormalLanguage l = Plugins.create("baN");
        PromptSet p = prompts("baN", 1);
        p.inDistribution().forEach(w -> assertTrue(l.rules().get(1).test(w)));
        p.outOfDistribution().forEach(w -> assertFalse(l.rules().get(1).test(w)));
    }

    @Test
    void bbaNPromptsHaveThePapersShapes() {
        PromptSet p = prompts("bbaN", 1);
        for (String w : shown("bbaN", p.inDistribution())) {
            assertTrue(w.matches("(b )+(a ?)+") && w.split(" ").length == 8, "ID prompt " + w);
        }
        for (String w : shown("bbaN", p.outOfDistribution())) {
            assertTrue(w.matches("a (b )+(a ?)+") && w.split(" ").length == 8, "OOD prompt " + w);
        }
        FormalLanguage l = Plugins.create("bbaN");
        p.outOfDistribution().forEach(w -> assertFalse(l.rules().get(1).test(w), "OOD prompt keeps R2"));
        long distinctOod = p.outOfDistribution().stream().map(Arrays::toString).distinct().count();
        assertEquals(6, distinctOod, "a b^(7-k) a^k for k = 1..6, all drawn");
    }

    @Test
    void bracketPromptsShareTheirTailAndDifferInTheFirstSymbol() {
        for (String language : List.of("dyck", "csDyck")) {
            PromptSet p = prompts(language, 3);
            for (int i = 0; i < 32; i++) {
                int[] id = p.inDistribution().get(i);
                int[] ood = p.outOfDistribution().get(i);
                assertEquals(Brackets.OPEN_P, id[0]);
                assertEquals(Brackets.CLOSE_P, ood[0]);
                assertEquals(Brackets.OPEN_B, id[1]);
                assertArrayEquals(Arrays.copyOfRange(id, 1, 8), Arrays.copyOfRange(ood, 1, 8));
                assertTrue(Brackets.nested(Arrays.copyOfRange(id, 2, 8)), "w is a nested word");
                assertFalse(Plugins.create(language).rules().get(1).test(ood), "OOD prompt keeps R2");
            }
        }
    }

    @Test
    void randomPromptSetsComeFromTheSeed() {
        for (String language : List.of("bbaN", "dyck", "csDyck")) {
            assertNotEquals(shown(language, prompts(language, 1).outOfDistribution()),
                    shown(language, prompts(language, 2).outOfDistribution()), language);
        }
        assertEquals(shown("aNbN", prompts("aNbN", 1).outOfDistribution()),
                shown("aNbN", prompts("aNbN", 2).outOfDistribution()), "aNbN prompts are all words, not drawn");
    }

    @Test
    void impossiblePromptLengthsAreRefused() {
        FormalLanguage dyck = Plugins.create("dyck");
        var e = assertThrows(IllegalArgumentException.class, () -> dyck.prompts(5, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("even length of at least 4"), e.getMessage());
    }
}
