package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;
import org.nonid.testkit.LanguageConformance;
import org.nonid.testkit.NamedCheck;

/** The language kit over every built-in language, and the kit catching a language whose parts disagree. */
class LanguageConformanceTest {

    @TestFactory
    Stream<DynamicTest> everyBuiltInLanguagePassesTheKit() {
        return Plugins.all().stream().flatMap(p -> kit(p).checks().stream())
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> c.body().run()));
    }

    private static LanguageConformance kit(Language plugin) {
        LanguageConformance kit = new LanguageConformance(plugin, Map.of("maxLength", 12));
        if (plugin.name().equals("aNbN")) {
            kit.grammatical("ab", "aaabbb").ungrammatical("aab", "ba", "abab")
                    .rule("R1", "aabb", true).rule("R1", "aab", false).rule("R2", "abab", false).rule("R2", "aabbb", true);
        }
        return kit;
    }

    @Test
    void aSamplerThatDisagreesWithTheSupportFailsTheKit() {
        Language skewed = new Skewed(Plugins.named("aNbN"));
        AssertionError e = assertThrows(AssertionError.class, () -> check(skewed, "a finite support"));
        assertTrue(e.getMessage().contains("sample() and support() disagree"), e.getMessage());
    }

    @Test
    void aWrongHandMadeCaseFailsTheKit() {
        LanguageConformance kit = new LanguageConformance(Plugins.named("aNbN"), Map.of("maxLength", 12)).rule("R1", "aab", true);
        NamedCheck handMade = kit.checks().stream().filter(c -> c.name().contains("hand-made")).findFirst().orElseThrow();
        AssertionError e = assertThrows(AssertionError.class, () -> handMade.body().run());
        assertTrue(e.getMessage().contains("R1: #a = #b should hold for 'aab'"), e.getMessage());
    }

    private static void check(Language plugin, String nameContains) {
        new LanguageConformance(plugin, Map.of("maxLength", 12)).checks().stream()
                .filter(c -> c.name().contains(nameContains)).findFirst().orElseThrow().body().run();
    }

    /** aNbN whose sampler draws the shortest word half of the time: its support says uniform. */
    private static final class Skewed implements Language {
        private final Language inner;

        Skewed(Language inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return "skewed";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public ConfigSchema parameters() {
            return inner.parameters();
        }

        @Override
        public FormalLanguage create(Config parameters) {
            FormalLanguage real = inner.create(parameters);
            return new FormalLanguage() {
                @Override
                public String name() {
                    return "skewed";
                }

                @Override
                public Vocabulary vocabulary() {
                    return real.vocabulary();
                }

                @Override
                public int maxLength() {
                    return real.maxLength();
                }

                @Override
                public List<Rule> rules() {
                    return real.rules();
                }

                @Override
                public boolean isGrammatical(int[] word) {
                    return real.isGrammatical(word);
                }

                @Override
                public int[] sample(SplittableRandom random) {
                    return random.nextBoolean() ? real.vocabulary().parse("ab") : real.sample(random);
                }

                @Override
                public Optional<List<WeightedWord>> support() {
                    return real.support();
                }

                @Override
                public Datasets datasets(SplittableRandom random) {
                    return real.datasets(random);
                }

                @Override
                public int defaultPromptLength() {
                    return real.defaultPromptLength();
                }

                @Override
                public PromptSet prompts(int length, SplittableRandom random) {
                    return real.prompts(length, random);
                }
            };
        }
    }
}
