package org.nonid.engine.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.model.TokenBatch;

/**
 * The batches of a condition's taught completions: all of them at every step, or {@code size} of
 * them per step, drawn in a shuffled order that is renewed after each pass. Either way a batch's
 * weights sum to the condition's weight, so each step's extra loss estimates the same mean.
 */
final class Taught {
    private final List<TeacherSequence> sequences;
    private final double weight;
    private final AuxiliaryObjective.Scoring scoring;
    private final int paddedLength;
    private final int size;
    private final Sequences framing;
    private final SplittableRandom random;
    private final TokenBatch all;
    private final int[] order;
    private int cursor;

    Taught(AuxiliaryObjective objective, int size, Sequences framing, SplittableRandom random) {
        this.sequences = objective.sequences();
        this.weight = objective.weight();
        this.scoring = objective.scoring();
        this.paddedLength = Sequences.longest(sequences);
        this.size = size <= 0 || size >= sequences.size() ? sequences.size() : size;
        this.framing = framing;
        this.random = random;
        this.all = this.size == sequences.size() ? framing.teacherBatch(sequences, weight, scoring, paddedLength) : null;
        this.order = new int[sequences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.cursor = order.length;
    }

    TokenBatch next() {
        if (all != null) {
            return all;
        }
        List<TeacherSequence> chosen = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (cursor == order.length) {
                for (int j = order.length - 1; j > 0; j--) {
                    int k = random.nextInt(j + 1);
                    int t = order[j];
                    order[j] = order[k];
                    order[k] = t;
                }
                cursor = 0;
            }
            chosen.add(sequences.get(order[cursor++]));
        }
        return framing.teacherBatch(chosen, weight, scoring, paddedLength);
    }
}
