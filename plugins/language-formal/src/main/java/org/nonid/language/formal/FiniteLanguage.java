package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/**
 * A language whose data is a finite list of words drawn uniformly (a^n b^n and kin): the data sets
 * are the whole support (train = validation = test) unless sizes are given, then words drawn
 * uniformly from it; the Bayes-optimal loss is exact, and test
 * prompts are all words of length K over the symbols, in-distribution when they start some word.
 */
abstract class FiniteLanguage extends LanguageBase {
    private List<int[]> words;
    private SampledLanguage.Sizes sizes = new SampledLanguage.Sizes(0, 0, 0);

    FiniteLanguage(String name, Vocabulary vocabulary, int maxLength, List<Rule> rules, int defaultPromptLength) {
        super(name, vocabulary, maxLength, rules, defaultPromptLength);
    }

    /** Every word of the support, in order. */
    abstract List<int[]> enumerate();

    final synchronized List<int[]> words() {
        if (words == null) {
            words = List.copyOf(enumerate());
        }
        return words;
    }

    @Override
    public int[] sample(SplittableRandom random) {
        return words().get(random.nextInt(words().size())).clone();
    }

    @Override
    public Optional<List<WeightedWord>> support() {
        List<WeightedWord> out = new ArrayList<>();
        for (int[] w : words()) {
            out.add(new WeightedWord(w.clone(), 1.0 / words().size()));
        }
        return Optional.of(out);
    }

    /** Data sets of drawn words where a size is positive (the authors' {@code all_sequences: false}). */
    final FiniteLanguage drawing(SampledLanguage.Sizes sizes) {
        this.sizes = sizes;
        return this;
    }

    @Override
    public Datasets datasets(SplittableRandom random) {
        return new Datasets(dataset(sizes.train(), random), dataset(sizes.validation(), random),
                dataset(sizes.test(), random));
    }

    private List<int[]> dataset(int size, SplittableRandom random) {
        if (size == 0) {
            return words();
        }
        List<int[]> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(sample(random));
        }
        return out;
    }

    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int[] p : Words.allWords(symbolIds(), length)) {
            (startsSomeWord(p) ? id : ood).add(p);
        }
        return new PromptSet(length, id, ood);
    }

    boolean startsSomeWord(int[] prompt) {
        for (int[] w : words()) {
            if (Words.startsWith(w, prompt)) {
                return true;
            }
        }
        return false;
    }
}
