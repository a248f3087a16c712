package com.example.nonid;

import java.util.ArrayList;
import java.util.Arrays;
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
 * aⁿb²ⁿ for 1 ≤ n ≤ M/3, every n equally likely. R1: twice as many b's as a's; R2: the a's come
 * before the b's. The support is finite, so the data sets are the whole support and the Bayes
 * bound is exact. Prompts: every string of length K over {a, b}; in distribution when some word
 * starts with it.
 */
final class AnB2n implements FormalLanguage {
    private static final Vocabulary VOCABULARY = Vocabulary.of("a", "b");
    private static final int A = VOCABULARY.id("a");
    private static final int B = VOCABULARY.id("b");

    private final int maxLength;
    private final int largestN;

    AnB2n(int maxLength) {
        this.maxLength = maxLength;
        this.largestN = maxLength / 3;
    }

    @Override
    public String name() {
        return "aNb2N";
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
        return List.of(new Rule("R1", "#b = 2 #a", w -> count(w, B) == 2 * count(w, A)),
                new Rule("R2", "a's before b's", AnB2n::asBeforeBs));
    }

    @Override
    public boolean isGrammatical(int[] word) {
        int n = count(word, A);
        return n >= 1 && n <= largestN && word.length == 3 * n && asBeforeBs(word);
    }

    @Override
    public int[] sample(SplittableRandom random) {
        return word(random.nextInt(1, largestN + 1));
    }

    @Override
    public Optional<List<WeightedWord>> support() {
        List<WeightedWord> words = new ArrayList<>();
        for (int n = 1; n <= largestN; n++) {
            words.add(new WeightedWord(word(n), 1.0 / largestN));
        }
        return Optional.of(words);
    }

    @Override
    public Datasets datasets(SplittableRandom random) {
        List<int[]> all = support().orElseThrow().stream().map(WeightedWord::word).toList();
        return new Datasets(all, all, all);
    }

    @Override
    public int defaultPromptLength() {
        return Math.min(6, maxLength);
    }

    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> inDistribution = new ArrayList<>();
        List<int[]> outOfDistribution = new ArrayList<>();
        for (int bits = 0; bits < 1 << length; bits++) {
            int[] prompt = new int[length];
            for (int i = 0; i < length; i++) {
                prompt[i] = (bits >> (length - 1 - i) & 1) == 0 ? A : B;
            }
            (startsAWord(prompt) ? inDistribution : outOfDistribution).add(prompt);
        }
        return new PromptSet(length, inDistribution, outOfDistribution);
    }

    private boolean startsAWord(int[] prompt) {
        for (int n = 1; n <= largestN; n++) {
            int[] word = word(n);
            if (word.length >= prompt.length && Arrays.equals(Arrays.copyOf(word, prompt.length), prompt)) {
                return true;
            }
        }
        return false;
    }

    private static int[] word(int n) {
        int[] w = new int[3 * n];
        Arrays.fill(w, 0, n, A);
        Arrays.fill(w, n, 3 * n, B);
        return w;
    }

    static int count(int[] word, int symbol) {
        int c = 0;
        for (int s : word) {
            c += s == symbol ? 1 : 0;
        }
        return c;
    }

    private static boolean asBeforeBs(int[] word) {
        boolean seenB = false;
        for (int s : word) {
            if (s == B) {
                seenB = true;
            } else if (seenB) {
                return false;
            }
        }
        return true;
    }

    static int a() {
        return A;
    }

    static int b() {
        return B;
    }
}
