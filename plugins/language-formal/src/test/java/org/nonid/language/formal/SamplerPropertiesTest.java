package org.nonid.language.formal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/** What holds for every language: its words are grammatical, short enough, and drawn reproducibly. */
class SamplerPropertiesTest {
    static Stream<String> names() {
        return Plugins.all().stream().map(Language::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void samplesAreGrammaticalOverManySeeds(String name) {
        for (int maxLength : new int[] {12, 256}) {
            FormalLanguage language = Plugins.create(name, Map.of("maxLength", maxLength));
            for (long seed = 0; seed < 40; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                for (int i = 0; i < 50; i++) {
                    int[] word = language.sample(random);
                    String shown = language.vocabulary().format(word);
                    assertTrue(language.isGrammatical(word), name + " sampled a word outside it: " + shown);
                    for (Rule r : language.rules()) {
                        assertTrue(r.test(word), name + " sample breaks " + r.id() + ": " + shown);
                    }
                    assertTrue(word.length >= 1 && word.length <= maxLength,
                            name + " word of length " + word.length + " with M = " + maxLength);
                    assertTrue(Arrays.stream(word).allMatch(t -> t > Vocabulary.PAD && t < language.vocabulary().size()),
                            name + " sampled a special token: " + Arrays.toString(word));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedSameDataAndPrompts(String name) {
        FormalLanguage language = Plugins.create(name, Map.of("maxLength", 32));
        Datasets a = language.datasets(new SplittableRandom(11));
        Datasets b = language.datasets(new SplittableRandom(11));
        assertTrue(sameWords(a.train().stream(), b.train().stream()), name + " train set differs for one seed");
        int k = language.defaultPromptLength();
        var p = language.prompts(k, new SplittableRandom(5));
        var q = language.prompts(k, new SplittableRandom(5));
        assertTrue(sameWords(p.inDistribution().stream(), q.inDistribution().stream()));
        assertTrue(sameWords(p.outOfDistribution().stream(), q.outOfDistribution().stream()));
        p.inDistribution().forEach(w -> assertEquals(k, w.length));
        p.outOfDistribution().forEach(w -> assertEquals(k, w.length));
    }

    @Test
    void defaultSizesAreThePapers() {
        Map<String, Integer> train = Map.of("baN", 15_000, "bbaN", 15_000, "dyck", 512, "csDyck", 512,
                "abN", 512, "aNbM", 512, "parentheses", 512);
        train.forEach((name, size) -> {
            Datasets d = Plugins.create(name, Map.of("maxLength", 16)).datasets(new SplittableRandom(1));
            assertEquals(size, d.train().size(), name);
            assertEquals(512, d.validation().size(), name);
            assertEquals(512, d.test().size(), name);
        });
        assertEquals(128, Plugins.create("aNbN").datasets(new SplittableRandom(1)).train().size());
        assertEquals(85, Plugins.create("aNbNcN").datasets(new SplittableRandom(1)).train().size());
        assertEquals(85, Plugins.create("aNbNaN").datasets(new SplittableRandom(1)).train().size());
        Datasets small = Plugins.create("dyck", Map.of("trainSize", 7, "validationSize", 3, "testSize", 2))
                .datasets(new SplittableRandom(1));
        assertEquals(7, small.train().size());
        assertEquals(3, small.validation().size());
        assertEquals(2, small.test().size());
    }

    @Test
    void samplersReachWhatTheirDescriptionSays() {
        SplittableRandom random = new SplittableRandom(3);
        FormalLanguage cs = Plugins.create("csDyck", Map.of("maxLength", 16));
        boolean crossed = false;
        for (int i = 0; i < 2000 && !crossed; i++) {
            crossed = !Brackets.nested(cs.sample(random));
        }
        assertTrue(crossed, "csDyck never drew a crossing word such as ( [ ) ]");
        FormalLanguage ban = Plugins.create("baN", Map.of("maxLength", 8));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            seen.add(ban.vocabulary().format(ban.sample(random)));
        }
        assertTrue(seen.contains("b a b a") && seen.contains("b b a a") && seen.contains("b"), seen.toString());
        FormalLanguage dyck = Plugins.create("dyck", Map.of("maxLength", 8));
        int longest = 0;
        for (int i = 0; i < 2000; i++) {
            longest = Math.max(longest, dyck.sample(random).length);
        }
        assertEquals(8, longest, "dyck never reached M");
    }

    private static boolean sameWords(Stream<int[]> a, Stream<int[]> b) {
        return Arrays.deepEquals(a.toArray(), b.toArray());
    }
}
