package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/**
 * a^n b^n for n = 1..M/2 with n uniform (context-free). R1: as many a as b. R2: no b before an a.
 * The support is finite, so the data sets are the whole support (train = validation = test) and
 * the Bayes-optimal loss is exact.
 */
final class AnBn implements FormalLanguage {
    static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    private final int maxLength;
    private final List<Rule> rules = List.of(
            new Rule("R1", "#a = #b", w -> Words.count(w, A) == Words.count(w, B)),
            new Rule("R2", "no b before an a", w -> Words.allBefore(w, A, B)));

    AnBn(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public String name() {
        return "aNbN";
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public boolean isGrammatical(int[] word) {
        return rules.get(0).test(word) && rules.get(1).test(word);
    }

    /** The largest n. */
    int maxN() {
        return maxLength / 2;
    }

    static int[] word(int n) {
        return Words.concat(Words.repeat(A, n), Words.repeat(B, n));
    }

    @Override
    public int[] sample(SplittableRandom random) {
        return word(1 + random.nextInt(maxN()));
    }

    @Override
    public Optional<List<WeightedWord>> support() {
        List<WeightedWord> words = new ArrayList<>();
        for (int n = 1; n <= maxN(); n++) {
            words.add(new WeightedWord(word(n), 1.0 / maxN()));
        }
        return Optional.of(words);
    }

    @Override
    public Datasets datasets(SplittableRandom random) {
        List<int[]> all = new ArrayList<>();
        for (int n = 1; n <= maxN(); n++) {
            all.add(word(n));
        }
        return new Datasets(all, all, all);
    }

    @Override
    public int defaultPromptLength() {
        return 8;
    }

    /** All 2^K words over {a, b}; in-distribution when R2 holds and #a >= #b. */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] w : Words.allWords(new int[] {A, B}, length)) {
            if (rules.get(1).test(w) && Words.count(w, A) >= Words.count(w, B)) {
                id.add(w);
            } else {
                ood.add(w);
            }
        }
        return new PromptSet(length, id, ood);
    }
}
