package org.nonid.api.measure;

import java.util.List;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.model.Model;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a measure sees at one evaluation of one run. Completions are computed once per evaluation
 * and shared by every measure that asks for them.
 */
@ProviderType
public interface MeasureContext {

    /** The model, in evaluation mode. */
    Model model();

    /** The run's language. */
    FormalLanguage language();

    /** The run's data. */
    Datasets data();

    /** The run's test prompts. */
    PromptSet prompts();

    /** The training step of this evaluation. */
    long step();

    /** The mean per-position cross-entropy of words under the run's PAD-target policy. */
    double meanLoss(List<int[]> words);

    /** Whether PAD targets count in losses (the papers: yes). */
    boolean includePadTargets();

    /** Completions of prompts with the run's decoding settings (greedy by default). */
    List<Completion> complete(List<int[]> prompts);

    /** The model's parameter values when training began (after a fine-tuning run's parent was loaded), by parameter. */
    default java.util.Optional<List<float[]>> initialParameters() {
        return java.util.Optional.empty();
    }

    /** Words as a teacher-forced batch under the run's PAD-target policy, weights summing to 1. */
    default org.nonid.api.model.TokenBatch batch(List<int[]> words) {
        long positions = 0;
        for (int[] w : words) {
            positions += includePadTargets() ? language().sequenceLength() - 1 : w.length + 1;
        }
        return org.nonid.api.model.TokenBatch.ofWords(words, language().sequenceLength(), includePadTargets(),
                1.0 / Math.max(1, positions));
    }
}
