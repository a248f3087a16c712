package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.FormalLanguage;

/** Each rule of each language on hand-made words that hold and words that break it. */
class RulesTest {

    /** Asserts rule {@code rule} (1-based) holds on every {@code yes} word and fails on every {@code no} word. */
    private static void rule(String language, int rule, List<String> yes, List<String> no) {
        FormalLanguage l = Plugins.create(language);
        for (String w : yes) {
            assertEquals(true, l.rules().get(rule - 1).test(l.vocabulary().parse(w)), language + " R" + rule + " on '" + w + "'");
        }
        for (String w : no) {
            assertEquals(false, l.rules().get(rule - 1).test(l.vocabulary().parse(w)), language + " R" + rule + " on '" + w + "'");
        }
    }

    private static void grammatical(String language, List<String> yes, List<String> no) {
        FormalLanguage l = Plugins.create(language);
        for (String w : yes) {
            assertEquals(true, l.isGrammatical(l.vocabulary().parse(w)), language + " grammatical '" + w + "'");
        }
        for (String w : no) {
            assertEquals(false, l.isGrammatical(l.vocabulary().parse(w)), language + " grammatical '" + w + "'");
        }
    }

    @Test
    void baN() {
        rule("baN", 1, List.of("b", "b a a", "a b a", "a a a a b"), List.of("b a", "a", "b b a b b"));
        rule("baN", 2, List.of("b", "b a", "b a a"), List.of("a b", "a", ""));
        grammatical("baN", List.of("b", "b a b a", "b b"), List.of("a b a", "b a", ""));
    }

    @Test
    void bbaN() {
        rule("bbaN", 1, List.of("b", "b a a", "a b a a", "a a a b"), List.of("b a", "b b a a a", "a"));
        rule("bbaN", 2, List.of("b", "b b a a", "b a"), List.of("a b", "b a b", "a a", ""));
        grammatical("bbaN", List.of("b", "b b a a", "b a a a a"), List.of("b a", "a a", "b a a b"));
    }

    @Test
    void aNbN() {
        rule("aNbN", 1, List.of("a b", "b a", "a a b b", "b b a a"), List.of("a", "a a b", "b"));
        rule("aNbN", 2, List.of("a a b", "a", "b b", "a b b b"), List.of("b a", "a b a", "b a b"));
        grammatical("aNbN", List.of("a b", "a a a b b b"), List.of("b a", "a a b", "a b a b", ""));
    }

    @Test
    void dyck() {
        rule("dyck", 1, List.of("[ ]", "( [ ) ]", "[ ( ] )", "( )", "[ [ ] ]"), List.of("] [", "[", "[ ] ]"));
        rule("dyck", 2, List.of("( )", "( [ ) ]", "[ ]", "( ( ) )"), List.of(") (", "(", "( ) )"));
        grammatical("dyck", List.of("( )", "( [ ] )", "[ ] ( )", "[ ( ) ]"), List.of("( [ ) ]", ") (", "(", ""));
    }

    @Test
    void aNbNcN() {
        rule("aNbNcN", 1, List.of("a b c", "c b a", "a a b b c c"), List.of("a b", "a b c c", "a a b c"));
        rule("aNbNcN", 2, List.of("a b c", "a a c", "b c c", "a"), List.of("b a", "c b", "a c b", "c a"));
        grammatical("aNbNcN", List.of("a b c", "a a b b c c"), List.of("a c b", "a a b c", ""));
    }

    @Test
    void csDyck() {
        rule("csDyck", 1, List.of("[ ]", "( [ ) ]", "[ ( ] )"), List.of("] [", "[", "[ ] ]"));
        rule("csDyck", 2, List.of("( )", "( [ ) ]", "[ ]"), List.of(") (", "(", "( ) )"));
        grammatical("csDyck", List.of("( [ ) ]", "( )", "[ ( ] )", "( [ ] )"), List.of(") [ ( ]", "(", ""));
    }

    @Test
    void aNbNaN() {
        rule("aNbNaN", 1, List.of("a b a", "a a b", "b a a"), List.of("a b", "a b b a"));
        rule("aNbNaN", 2, List.of("a b a", "a a b b a", "b a", "a a"), List.of("a b a b", "b a b"));
        rule("aNbNaN", 3, List.of("a b a", "a a b a a", "b", "a a a"), List.of("a a b a", "a b a a"));
        grammatical("aNbNaN", List.of("a b a", "a a b b a a"), List.of("a a b a", "a b a b a a", "b a a", ""));
    }

    @Test
    void abN() {
        rule("abN", 1, List.of("a b", "b a", "b a a b"), List.of("a", "a b b", "b"));
        grammatical("abN", List.of("b a", "a b b a"), List.of("a a b", ""));
    }

    @Test
    void aNbM() {
        rule("aNbM", 1, List.of("a b", "a a b", "a", "b"), List.of("b a", "a b a"));
        grammatical("aNbM", List.of("a b", "a a a b", "a b b b"), List.of("a", "b", "b a", ""));
    }

    @Test
    void parentheses() {
        rule("parentheses", 1, List.of("( )", ") (", "( ( ) )"), List.of("(", "( ) )"));
        rule("parentheses", 2, List.of("( )", "(", "( ( )"), List.of(") (", "( ) )"));
        grammatical("parentheses", List.of("( )", "( ( ) ( ) )"), List.of(") (", "(", ""));
    }

    @Test
    void rulesAreNamedInOrder() {
        for (var plugin : Plugins.all()) {
            FormalLanguage l = plugin.create(plugin.parameters().defaults());
            for (int i = 0; i < l.rules().size(); i++) {
                assertEquals("R" + (i + 1), l.rules().get(i).id(), plugin.name());
            }
        }
    }
}
