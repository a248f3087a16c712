package org.nonid.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.nonid.api.config.Config;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/**
 * What every language plugin must satisfy, on a small instance: samples are words of the language
 * that satisfy every rule, the rules decide the author's hand-made cases as the author says,
 * prompts have their length and symbols, no out-of-distribution prompt starts a word of the
 * language, a finite support is a distribution over grammatical words that the sampler follows
 * (so the Bayes bound is the data's entropy), and everything drawn follows the seed.
 *
 * <pre>{@code
 * new LanguageConformance(new MyLanguage(), Map.of("maxLength", 12))
 *         .grammatical("aabbbb").ungrammatical("abb", "ba")
 *         .rule("R1", "aabbbb", true).rule("R1", "abbbb", false)
 *         .checks().forEach(c -> c.body().run());
 * }</pre>
 */
public final class LanguageConformance {
    private static final int SAMPLES = 2000;

    private final Language plugin;
    private final Map<String, ?> parameters;
    private final List<String> grammatical = new ArrayList<>();
    private final List<String> ungrammatical = new ArrayList<>();
    private final Map<String, Map<String, Boolean>> ruleCases = new LinkedHashMap<>();

    /**
     * @param parameters the language's parameters for a small instance (the rest take their defaults)
     */
    public LanguageConformance(Language plugin, Map<String, ?> parameters) {
        this.plugin = plugin;
        this.parameters = parameters;
    }

    /** Words (as {@link Vocabulary#parse} reads them) that must be in the language. */
    public LanguageConformance grammatical(String... words) {
        grammatical.addAll(List.of(words));
        return this;
    }

    /** Words that must not be in the language. */
    public LanguageConformance ungrammatical(String... words) {
        ungrammatical.addAll(List.of(words));
        return this;
    }

    /** A hand-made case: whether rule {@code id} holds for {@code word}. */
    public LanguageConformance rule(String id, String word, boolean holds) {
        ruleCases.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(word, holds);
        return this;
    }

    /** All checks. */
    public List<NamedCheck> checks() {
        String name = plugin.name();
        List<NamedCheck> checks = new ArrayList<>();
        checks.add(new NamedCheck(name + " samples are words that satisfy every rule", this::samples));
        checks.add(new NamedCheck(name + " decides the hand-made cases", this::handMade));
        checks.add(new NamedCheck(name + " prompts have their length and symbols", this::promptShapes));
        checks.add(new NamedCheck(name + " no OOD prompt starts a word of the language", this::split));
        checks.add(new NamedCheck(name + " a finite support is the distribution the sampler follows", this::support));
        checks.add(new NamedCheck(name + " data and prompts follow the seed", this::seeds));
        return checks;
    }

    private FormalLanguage language() {
        Config config = plugin.parameters().resolve("language", parameters);
        return plugin.create(config);
    }

    private void samples() {
        FormalLanguage language = language();
        SplittableRandom random = new SplittableRandom(1);
        int symbols = language.vocabulary().size();
        for (int i = 0; i < SAMPLES; i++) {
            int[] word = language.sample(random);
            String shown = language.vocabulary().format(word);
            check(word.length <= language.maxLength(), "sample '" + shown + "' is longer than maxLength " + language.maxLength());
            for (int s : word) {
                check(s >= 3 && s < symbols, "sample '" + shown + "' has a token that is no symbol: " + s);
            }
            check(language.isGrammatical(word), "sample '" + shown + "' is not grammatical");
            for (Rule rule : language.rules()) {
                check(rule.test(word), "sample '" + shown + "' breaks " + rule);
            }
        }
        Datasets data = language.datasets(new SplittableRandom(2));
        check(!data.train().isEmpty(), "the training set is empty");
        for (List<int[]> split : List.of(data.train(), data.validation(), data.test())) {
            for (int[] word : split) {
                check(language.isGrammatical(word), "data word '" + language.vocabulary().format(word) + "' is not grammatical");
            }
        }
    }

    private void handMade() {
        FormalLanguage language = language();
        Vocabulary v = language.vocabulary();
        for (String w : grammatical) {
            check(language.isGrammatical(v.parse(w)), "'" + w + "' should be grammatical");
        }
        for (String w : ungrammatical) {
            check(!language.isGrammatical(v.parse(w)), "'" + w + "' should not be grammatical");
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        language.rules().forEach(r -> rules.put(r.id(), r));
        for (Map.Entry<String, Map<String, Boolean>> e : ruleCases.entrySet()) {
            Rule rule = rules.get(e.getKey());
            check(rule != null, "no rule " + e.getKey() + "; the rules are " + rules.keySet());
            e.getValue().forEach((w, holds) -> check(rule.test(v.parse(w)) == holds,
                    rule + (holds ? " should hold" : " should not hold") + " for '" + w + "'"));
        }
        for (int[] w : language.rules().isEmpty() ? List.<int[]>of() : grammaticalWords(language)) {
            for (Rule rule : language.rules()) {
                check(rule.test(w), "grammatical '" + v.format(w) + "' breaks " + rule);
            }
        }
    }

    private List<int[]> grammaticalWords(FormalLanguage language) {
        List<int[]> words = new ArrayList<>();
        grammatical.forEach(w -> words.add(language.vocabulary().parse(w)));
        return words;
    }

    private void promptShapes() {
        FormalLanguage language = language();
        int length = language.defaultPromptLength();
        PromptSet prompts = language.prompts(length, new SplittableRandom(3));
        check(prompts.length() == length, "prompts(" + length + ") says its length is " + prompts.length());
        check(!prompts.inDistribution().isEmpty(), "there are no in-distribution prompts");
        int symbols = language.vocabulary().size();
        for (List<int[]> set : List.of(prompts.inDistribution(), prompts.outOfDistribution())) {
            for (int[] p : set) {
                check(p.length == length, "prompt '" + language.vocabulary().format(p) + "' is not of length " + length);
                for (int s : p) {
                    check(s >= 3 && s < symbols, "a prompt has a token that is no symbol: " + s);
                }
            }
        }
    }

    private void split() {
        FormalLanguage language = language();
        PromptSet prompts = language.prompts(language.defaultPromptLength(), new SplittableRandom(3));
        List<int[]> words = new ArrayList<>();
        Optional<List<WeightedWord>> support = language.support();
        if (support.isPresent()) {
            support.get().forEach(w -> words.add(w.word()));
        } else {
            SplittableRandom random = new SplittableRandom(4);
            for (int i = 0; i < SAMPLES; i++) {
                words.add(language.sample(random));
            }
        }
        Set<String> prefixes = new HashSet<>();
        for (int[] w : words) {
            if (w.length >= prompts.length()) {
                prefixes.add(Arrays.toString(Arrays.copyOf(w, prompts.length())));
            }
        }
        for (int[] p : prompts.outOfDistribution()) {
            check(!prefixes.contains(Arrays.toString(p)), "OOD prompt '" + language.vocabulary().format(p)
                    + "' starts the word of the language it was checked against: it is in distribution");
        }
        if (support.isPresent()) {
            for (int[] p : prompts.inDistribution()) {
                check(prefixes.contains(Arrays.toString(p)), "ID prompt '" + language.vocabulary().format(p)
                        + "' starts no word of the finite support");
            }
        }
    }

    private void support() {
        FormalLanguage language = language();
        Optional<List<WeightedWord>> support = language.support();
        if (support.isEmpty()) {
            return;
        }
        double total = 0;
        Map<String, Double> probability = new LinkedHashMap<>();
        for (WeightedWord w : support.get()) {
            String key = Arrays.toString(w.word());
            check(language.isGrammatical(w.word()), "support word '" + language.vocabulary().format(w.word()) + "' is not grammatical");
            check(w.probability() > 0, "support word '" + language.vocabulary().format(w.word()) + "' has probability " + w.probability());
            check(probability.put(key, w.probability()) == null, "support word '" + language.vocabulary().format(w.word()) + "' appears twice");
            total += w.probability();
        }
        check(Math.abs(total - 1) < 1e-9, "the support's probabilities sum to " + total + ", not 1");
        // The sampler draws each word of the support at its probability (within five standard deviations),
        // so the Bayes bound computed from the support is the entropy of the data the runs train on.
        SplittableRandom random = new SplittableRandom(5);
        int n = 4 * SAMPLES;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = Arrays.toString(language.sample(random));
            check(probability.containsKey(key), "the sampler drew a word outside the support");
            counts.merge(key, 1, Integer::sum);
        }
        for (WeightedWord w : support.get()) {
            double p = w.probability();
            int count = counts.getOrDefault(Arrays.toString(w.word()), 0);
            double sd = Math.sqrt(n * p * (1 - p));
            check(Math.abs(count - n * p) <= 5 * sd + 1, String.format("the sampler drew '%s' %d times in %d, the support"
                    + " says %.1f: sample() and support() disagree", language.vocabulary().format(w.word()), count, n, n * p));
        }
    }

    private void seeds() {
        FormalLanguage language = language();
        check(same(sampled(language, 7), sampled(language, 7)), "two samplers with seed 7 draw different words");
        Datasets a = language.datasets(new SplittableRandom(8));
        Datasets b = language.datasets(new SplittableRandom(8));
        check(same(a.train(), b.train()) && same(a.validation(), b.validation()) && same(a.test(), b.test()),
                "datasets with seed 8 differ");
        PromptSet p = language.prompts(language.defaultPromptLength(), new SplittableRandom(9));
        PromptSet q = language.prompts(language.defaultPromptLength(), new SplittableRandom(9));
        check(same(p.inDistribution(), q.inDistribution()) && same(p.outOfDistribution(), q.outOfDistribution()),
                "prompts with seed 9 differ");
        if (language.support().isEmpty() || language.support().get().size() > 1) {
            check(!same(sampled(language, 7), sampled(language, 11)), "seeds 7 and 11 draw the same 50 words");
        }
    }

    private static List<int[]> sampled(FormalLanguage language, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> words = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            words.add(language.sample(random));
        }
        return words;
    }

    private static boolean same(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
