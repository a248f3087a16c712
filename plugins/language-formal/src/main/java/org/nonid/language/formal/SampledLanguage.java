package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;

/** A language whose data sets are drawn from its sampler, with the sizes given. */
abstract class SampledLanguage extends LanguageBase {
    private final int trainSize;
    private final int validationSize;
    private final int testSize;

    SampledLanguage(String name, Vocabulary vocabulary, int maxLength, List<Rule> rules, int defaultPromptLength,
                    Sizes sizes) {
        super(name, vocabulary, maxLength, rules, defaultPromptLength);
        this.trainSize = sizes.train();
        this.validationSize = sizes.validation();
        this.testSize = sizes.test();
    }

    /** Train, validation and test sizes. */
    record Sizes(int train, int validation, int test) {
    }

    @Override
    public Datasets datasets(SplittableRandom random) {
        return new Datasets(draw(trainSize, random), draw(validationSize, random), draw(testSize, random));
    }

    private List<int[]> draw(int n, SplittableRandom random) {
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(random));
        }
        return out;
    }
}
