package org.nonid.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Completion;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;

/**
 * A measure context as a run gives one, over any model: data and prompts drawn with a seed, PAD
 * targets counted, losses by teacher forcing and greedy completions through the model's decoder.
 */
public final class KitMeasureContext implements MeasureContext {
    private final Model model;
    private final FormalLanguage language;
    private final Datasets data;
    private final PromptSet prompts;
    private final long step;

    private KitMeasureContext(Model model, FormalLanguage language, long seed, long step) {
        this.model = model;
        this.language = language;
        this.data = language.datasets(new SplittableRandom(seed));
        this.prompts = language.prompts(language.defaultPromptLength(), new SplittableRandom(seed));
        this.step = step;
    }

    /** A context over a model, the language's data and prompts drawn with {@code seed}, at step 0. */
    public static KitMeasureContext of(Model model, FormalLanguage language, long seed) {
        return new KitMeasureContext(model, language, seed, 0);
    }

    /**
     * A context over the kit's own tiny trained model: bigram counts over the language's training
     * words drawn with {@code seed}. It has no parameters and no backend.
     */
    public static KitMeasureContext trainedBigram(FormalLanguage language, long seed) {
        Datasets data = language.datasets(new SplittableRandom(seed));
        Model model = new BigramModel(language.vocabulary().size(), language.sequenceLength(), data.train());
        return new KitMeasureContext(model, language, seed, 0);
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
        return words.isEmpty() ? Double.NaN : model.loss(batch(words));
    }

    @Override
    public boolean includePadTargets() {
        return true;
    }

    @Override
    public List<Completion> complete(List<int[]> promptList) {
        List<Completion> out = new ArrayList<>();
        int capacity = language.sequenceLength();
        for (int[] prompt : promptList) {
            try (Decoder decoder = model.decoder(1, capacity)) {
                float[] logits = decoder.step(new int[] {Vocabulary.SOS});
                for (int symbol : prompt) {
                    logits = decoder.step(new int[] {symbol});
                }
                List<Integer> generated = new ArrayList<>();
                boolean finished = false;
                while (prompt.length + generated.size() + 1 < capacity) {
                    int next = argmax(logits);
                    if (next == Vocabulary.EOS) {
                        finished = true;
                        break;
                    }
                    generated.add(next);
                    if (decoder.position() >= capacity) {
                        break;
                    }
                    logits = decoder.step(new int[] {next});
                }
                out.add(new Completion(Arrays.copyOf(prompt, prompt.length),
                        generated.stream().mapToInt(Integer::intValue).toArray(), finished));
            }
        }
        return out;
    }

    /** The best symbol or EOS (never SOS or PAD). */
    private static int argmax(float[] logits) {
        int best = Vocabulary.EOS;
        for (int t = 3; t < logits.length; t++) {
            if (logits[t] > logits[best]) {
                best = t;
            }
        }
        return best;
    }
}
