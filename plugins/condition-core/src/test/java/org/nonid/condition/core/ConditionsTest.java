package org.nonid.condition.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.language.formal.AnBnLanguage;

class ConditionsTest {
    private final AnBnLanguage plugin = new AnBnLanguage();
    private final FormalLanguage anbn = plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", 32)));
    private final PromptSet prompts = anbn.prompts(8, new SplittableRandom(1));

    private int[] w(String s) {
        return anbn.vocabulary().parse(s);
    }

    private TeacherSequence find(AuxiliaryObjective o, String prompt) {
        return o.sequences().stream().filter(t -> java.util.Arrays.equals(t.prompt(), w(prompt))).findFirst().orElseThrow();
    }

    @Test
    void oracleCompletionsRestoreEqualCounts() {
        AuxiliaryObjective o = new OracleCondition().objective(anbn, prompts,
                MinorityCompletion.PARAMETERS.resolve("condition", Map.of("weight", 0.5))).orElseThrow();
        assertEquals(251, o.sequences().size(), "one per OOD prompt");
        assertEquals(0.5, o.weight());
        assertArrayEquals(w("b b b b b b"), find(o, "a a a a a a b a").completion(), "7 a, 1 b: six b");
        assertArrayEquals(w("a a a a"), find(o, "b a b a b b b b").completion(), "2 a, 6 b: four a");
        assertArrayEquals(w(""), find(o, "a b b a a b b a").completion(), "4 and 4: nothing");
        for (TeacherSequence t : o.sequences()) {
            int[] word = java.util.Arrays.copyOf(t.prompt(), t.prompt().length + t.completion().length);
            System.arraycopy(t.completion(), 0, word, t.prompt().length, t.completion().length);
            assertTrue(anbn.rules().get(0).test(word), "R1 holds after the oracle completion");
        }
    }

    @Test
    void adversarialCompletionsAlwaysBreakR1() {
        AuxiliaryObjective o = new AdversarialCondition().objective(anbn, prompts,
                MinorityCompletion.PARAMETERS.defaults()).orElseThrow();
        assertEquals(1.0, o.weight());
        assertEquals(AuxiliaryObjective.Scoring.COMPLETION_AND_EOS, o.scoring(), "every taught token by default");
        assertEquals(AuxiliaryObjective.Scoring.FROM_SECOND_WITH_PADDING, new AdversarialCondition().objective(anbn,
                prompts, MinorityCompletion.PARAMETERS.resolve("condition", Map.of("scoring", "papers")))
                .orElseThrow().scoring(), "scoring=papers asks for the papers' objective");
        assertArrayEquals(w("b b b b b b b"), find(o, "a a a a a a b a").completion());
        assertArrayEquals(w("a a a a a"), find(o, "b a b a b b b b").completion());
        assertArrayEquals(w("b"), find(o, "a b b a a b b a").completion(), "a tie takes one b");
        for (TeacherSequence t : o.sequences()) {
            int[] word = java.util.Arrays.copyOf(t.prompt(), t.prompt().length + t.completion().length);
            System.arraycopy(t.completion(), 0, word, t.prompt().length, t.completion().length);
            assertFalse(anbn.rules().get(0).test(word), "R1 broken after the adversarial completion");
        }
    }

    @Test
    void mleAddsNothingAndOtherLanguagesAreRefusedByName() {
        assertTrue(new MleCondition().objective(anbn, prompts, MinorityCompletion.PARAMETERS.defaults()).isEmpty());
        FormalLanguage renamed = new FormalLanguage() {
            public String name() {
                return "dyck";
            }

            public org.nonid.api.language.Vocabulary vocabulary() {
                return anbn.vocabulary();
            }

            public int maxLength() {
                return 32;
            }

            public java.util.List<org.nonid.api.language.Rule> rules() {
                return anbn.rules();
            }

            public boolean isGrammatical(int[] word) {
                return false;
            }

            public int[] sample(SplittableRandom random) {
                return new int[0];
            }

            public java.util.Optional<java.util.List<org.nonid.api.language.WeightedWord>> support() {
                return java.util.Optional.empty();
            }

            public org.nonid.api.language.Datasets datasets(SplittableRandom random) {
                return null;
            }

            public int defaultPromptLength() {
                return 8;
            }

            public PromptSet prompts(int length, SplittableRandom random) {
                return prompts;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OracleCondition()
                .objective(renamed, prompts, MinorityCompletion.PARAMETERS.defaults()));
        assertEquals("condition oracle is not defined for language dyck; it is defined for: aNbN", e.getMessage());
    }
}
