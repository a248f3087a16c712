package org.nonid.api.language;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VocabularyTest {
    private final Vocabulary v = Vocabulary.of("a", "b");

    @Test
    void specialTokensComeFirst() {
        assertEquals(5, v.size());
        assertEquals("SOS", v.name(Vocabulary.SOS));
        assertEquals("EOS", v.name(Vocabulary.EOS));
        assertEquals("PAD", v.name(Vocabulary.PAD));
        assertEquals(3, v.id("a"));
    }

    @Test
    void wordsParseWithOrWithoutSpaces() {
        assertArrayEquals(new int[] {4, 3, 3, 4}, v.parse("b a a b"));
        assertArrayEquals(new int[] {4, 3, 3, 4}, v.parse("baab"));
        assertArrayEquals(new int[0], v.parse("  "));
        assertEquals("b a EOS", v.format(new int[] {4, 3, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.parse("a c"));
        assertEquals("unknown symbol 'c'; known: a b", e.getMessage());
    }
}
