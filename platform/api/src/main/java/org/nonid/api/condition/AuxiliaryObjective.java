package org.nonid.api.condition;

import java.util.List;

/**
 * An extra loss added at every training step: {@code weight} times the mean cross-entropy of the
 * taught completions (and their EOS).
 *
 * @param sequences what is taught
 * @param weight    its weight relative to the maximum-likelihood loss
 */
public record AuxiliaryObjective(List<TeacherSequence> sequences, double weight) {
    public AuxiliaryObjective {
        sequences = List.copyOf(sequences);
    }
}
