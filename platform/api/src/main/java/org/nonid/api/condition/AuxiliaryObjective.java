package org.nonid.api.condition;

import java.util.List;

/**
 * An extra loss added at every training step: {@code weight} times the mean cross-entropy of the
 * taught completions, scored as {@code scoring} says.
 *
 * @param sequences what is taught
 * @param weight    its weight relative to the maximum-likelihood loss
 * @param scoring   which targets of a taught sequence count
 */
public record AuxiliaryObjective(List<TeacherSequence> sequences, double weight, Scoring scoring) {
    public AuxiliaryObjective {
        sequences = List.copyOf(sequences);
    }

    /** Every completion token and its EOS are scored. */
    public AuxiliaryObjective(List<TeacherSequence> sequences, double weight) {
        this(sequences, weight, Scoring.COMPLETION_AND_EOS);
    }

    /** Which targets of {@code SOS prompt completion EOS PAD...} a taught sequence scores. */
    public enum Scoring {
        /** Every completion token and the EOS after it; the mean is over those targets. */
        COMPLETION_AND_EOS,
        /**
         * The papers' code: the targets after the first completion token (the first is never taught,
         * nor the EOS of an empty completion), then PAD targets up to the longest taught sequence of
         * the objective; the mean is over all of those positions.
         */
        FROM_SECOND_WITH_PADDING
    }
}
