package org.nonid.testkit;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.model.Model;

/**
 * A measure context for testing a measure outside a run: a model and a language, its data and
 * prompts drawn with seed 1, PAD targets counted, step 0, and optionally the parameters training
 * began with. Losses and completions are not offered (a measure that needs them is tested in a run).
 */
public final class FixedMeasureContext implements MeasureContext {
    private final Model model;
    private final FormalLanguage language;
    private final int promptLength;
    private final List<float[]> initialParameters;

    private FixedMeasureContext(Model model, FormalLanguage language, int promptLength, List<float[]> initialParameters) {
        this.model = model;
        this.language = language;
        this.promptLength = promptLength;
        this.initialParameters = initialParameters;
    }

    /** A context with the language's default prompt length. */
    public static FixedMeasureContext of(Model model, FormalLanguage language) {
        return new FixedMeasureContext(model, language, language.defaultPromptLength(), null);
    }

    /** The same context with prompts of another length. */
    public FixedMeasureContext withPromptLength(int length) {
        return new FixedMeasureContext(model, language, length, initialParameters);
    }

    /** The same context with the parameters training began with. */
    public FixedMeasureContext withInitialParameters(List<float[]> parameters) {
        return new FixedMeasureContext(model, language, promptLength, List.copyOf(parameters));
    }

    @Override
    public Model model() {
        return model;
    }

    @Override
    public FormalLanguage language() {
        return language;
    }

    @Override
    public Datasets data() {
        return language.datasets(new SplittableRandom(1));
    }

    @Override
    public PromptSet prompts() {
        return language.prompts(promptLength, new SplittableRandom(1));
    }

    @Override
    public long step() {
        return 0;
    }

    @Override
    public double meanLoss(List<int[]> words) {
        throw new UnsupportedOperationException("a fixed measure context computes no losses");
    }

    @Override
    public boolean includePadTargets() {
        return true;
    }

    @Override
    public List<Completion> complete(List<int[]> prompts) {
        throw new UnsupportedOperationException("a fixed measure context completes no prompts");
    }

    @Override
    public Optional<List<float[]>> initialParameters() {
        return Optional.ofNullable(initialParameters);
    }
}
