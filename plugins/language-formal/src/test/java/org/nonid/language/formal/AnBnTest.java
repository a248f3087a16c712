package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.config.ConfigException;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.WeightedWord;

class AnBnTest {
    private final AnBnLanguage plugin = new AnBnLanguage();
    private final FormalLanguage language = plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", 32)));

    private int[] w(String text) {
        return language.vocabulary().parse(text);
    }

    @Test
    void dataSetsAreTheWholeSupportUnlessASizeAsksForDraws() {
        SplittableRandom random = new SplittableRandom(3);
        var whole = language.datasets(random);
        assertEquals(16, whole.train().size());
        assertEquals(16, whole.test().size());
        FormalLanguage drawn = plugin.create(plugin.parameters().resolve("language",
                Map.of("maxLength", 32, "trainSize", 512)));
        var sets = drawn.datasets(new SplittableRandom(3));
        assertEquals(512, sets.train().size());
        assertEquals(16, sets.validation().size(), "validation stays the whole support");
        java.util.Set<Integer> lengths = new java.util.HashSet<>();
        for (int[] word : sets.train()) {
            assertTrue(drawn.isGrammatical(word));
            lengths.add(word.length);
        }
        assertEquals(16, lengths.size(), "512 uniform draws over 16 words reach every word");
    }

    @Test
    void rulesOnHandMadeWords() {
        assertTrue(language.rules().get(0).test(w("a a b b")));
        assertTrue(language.rules().get(0).test(w("b a b a")));
        assertFalse(language.rules().get(0).test(w("a a b")));
        assertTrue(language.rules().get(0).test(new int[0]));
        assertTrue(language.rules().get(1).test(w("a a a b")));
        assertFalse(language.rules().get(1).test(w("a b a b")));
        assertFalse(language.rules().get(1).test(w("b a")));
        assertTrue(language.rules().get(1).test(w("b b")));
        assertTrue(language.isGrammatical(w("a a a b b b")));
        assertFalse(language.isGrammatical(w("a b a b")));
        assertFalse(language.isGrammatical(w("a a b")));
    }

    @Test
    void promptCountsMatchThePaper() {
        PromptSet prompts = language.prompts(8, new SplittableRandom(1));
        assertEquals(5, prompts.inDistribution().size());
        assertEquals(251, prompts.outOfDistribution().size());
        // a^8 is the first prompt, itertools order; b^8 the last OOD prompt
        assertArrayEquals(w("a a a a a a a a"), prompts.inDistribution().get(0));
        assertArrayEquals(w("b b b b b b b b"), prompts.outOfDistribution().get(250));
        for (int[] p : prompts.outOfDistribution()) {
            boolean r2 = language.rules().get(1).test(p);
            int a = Words.count(p, language.vocabulary().id("a"));
            assertTrue(!r2 || a < p.length - a, "OOD prompt breaks R2 or has more b than a");
        }
    }

    @Test
    void supportIsUniformOverN() {
        List<WeightedWord> support = language.support().orElseThrow();
        assertEquals(16, support.size());
        double total = support.stream().mapToDouble(WeightedWord::probability).sum();
        assertEquals(1.0, total, 1e-12);
        assertArrayEquals(w("a b"), support.get(0).word());
        assertEquals(32, support.get(15).word().length);
    }

    @Test
    void samplesAreGrammaticalAndCoverEveryN() {
        SplittableRandom random = new SplittableRandom(7);
        boolean[] seen = new boolean[17];
        for (int i = 0; i < 2000; i++) {
            int[] word = language.sample(random);
            assertTrue(language.isGrammatical(word));
            assertTrue(word.length >= 2 && word.length <= 32);
            seen[word.length / 2] = true;
        }
        for (int n = 1; n <= 16; n++) {
            assertTrue(seen[n], "n = " + n + " never sampled");
        }
    }

    @Test
    void datasetsAreTheWholeSupport() {
        var data = language.datasets(new SplittableRandom(3));
        assertEquals(16, data.train().size());
        assertEquals(16, data.validation().size());
        assertEquals(16, data.test().size());
    }

    @Test
    void oddMaxLengthIsRefusedByName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> plugin.parameters().resolve("language", Map.of("maxLength", 31)));
        assertTrue(e.getMessage().contains("maxLength = 31 must be even"), e.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> plugin.parameters().resolve("language", Map.of("maxLen", 32)));
        assertTrue(unknown.getMessage().contains("unknown key 'language.maxLen'; nearest: language.maxLength"),
                unknown.getMessage());
    }
}
