package org.nonid.engine.training;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.model.Model;

/** The measure context of one evaluation: completions are computed once per prompt list. */
final class Evaluation implements MeasureContext {
    private final Model model;
    private final FormalLanguage language;
    private final Datasets data;
    private final PromptSet prompts;
    private final long step;
    private final Sequences sequences;
    private final Completer completer;
    private final int lossChunk;
    private final Map<List<int[]>, List<Completion>> completions = new IdentityHashMap<>();
    private final List<float[]> initialParameters;

    Evaluation(Model model, FormalLanguage language, Datasets data, PromptSet prompts, long step, Sequences sequences,
               Completer completer, int lossChunk, List<float[]> initialParameters) {
        this.model = model;
        this.language = language;
        this.data = data;
        this.prompts = prompts;
        this.step = step;
        this.sequences = sequences;
        this.completer = completer;
        this.lossChunk = lossChunk;
        this.initialParameters = initialParameters;
    }

    @Override
    public java.util.Optional<List<float[]>> initialParameters() {
        return java.util.Optional.of(initialParameters);
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
        return data;
    }

    @Override
    public PromptSet prompts() {
        return prompts;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public double meanLoss(List<int[]> words) {
        return meanLoss(model, sequences, words, lossChunk);
    }

    /** Mean per counted position, in chunks of at most {@code chunk} sequences. */
    static double meanLoss(Model model, Sequences sequences, List<int[]> words, int chunk) {
        if (words.isEmpty()) {
            return Double.NaN;
        }
        double weight = 1.0 / sequences.totalPositions(words);
        double total = 0;
        for (int start = 0; start < words.size(); start += chunk) {
            List<int[]> part = words.subList(start, Math.min(words.size(), start + chunk));
            total += model.loss(sequences.batch(part, weight));
        }
        return total;
    }

    @Override
    public boolean includePadTargets() {
        return sequences.includePadTargets();
    }

    @Override
    public List<Completion> complete(List<int[]> promptList) {
        return completions.computeIfAbsent(promptList, completer::complete);
    }
}
