package org.nonid.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nonid.api.model.TokenBatch;

class SequencesTest {
    @Test
    void wordsAreFramedAndShiftedWithNormalisedWeights() {
        Sequences withPad = new Sequences(6, true);
        TokenBatch batch = withPad.batch(List.of(new int[] {3, 4}, new int[] {3, 3, 4, 4}));
        assertEquals(2, batch.batch());
        assertEquals(5, batch.length());
        assertArrayEquals(new int[] {0, 3, 4, 1, 2, 0, 3, 3, 4, 4}, batch.inputs());
        assertArrayEquals(new int[] {3, 4, 1, 2, 2, 3, 3, 4, 4, 1}, batch.targets());
        assertEquals(1.0, batch.totalWeight(), 1e-6);
        assertEquals(0.1f, batch.weights()[4], 1e-7);

        Sequences withoutPad = new Sequences(6, false);
        TokenBatch noPad = withoutPad.batch(List.of(new int[] {3, 4}, new int[] {3, 3, 4, 4}));
        assertEquals(0f, noPad.weights()[3], "PAD target not counted");
        assertEquals(0f, noPad.weights()[4]);
        assertEquals(1.0 / 8, noPad.weights()[0], 1e-7, "3 + 5 counted positions");
        assertEquals(1.0, noPad.totalWeight(), 1e-6);
    }

    @Test
    void taughtCompletionsAreScoredOnTheCompletionAndItsEosOnly() {
        Sequences s = new Sequences(8, true);
        TokenBatch taught = s.teacherBatch(List.of(new org.nonid.api.condition.TeacherSequence(new int[] {4, 3},
                new int[] {3, 4})), 0.5);
        // SOS b a | a b | EOS: only as long as needed; positions 0..4 predict b a a b EOS
        assertArrayEquals(new int[] {0, 4, 3, 3, 4}, taught.inputs());
        assertArrayEquals(new int[] {4, 3, 3, 4, 1}, taught.targets());
        float w = 0.5f / 3;
        assertArrayEquals(new float[] {0, 0, w, w, w}, taught.weights(), 1e-7f);
        assertEquals(0.5, taught.totalWeight(), 1e-6, "the condition's weight");
    }

    @Test
    void thePapersScoringSkipsTheFirstCompletionTokenAndCountsPaddingToTheObjectivesLongest() {
        Sequences s = new Sequences(12, true);
        TokenBatch taught = s.teacherBatch(List.of(
                        new org.nonid.api.condition.TeacherSequence(new int[] {4, 3}, new int[] {3, 4}),
                        new org.nonid.api.condition.TeacherSequence(new int[] {3, 3}, new int[0])), 1.0,
                org.nonid.api.condition.AuxiliaryObjective.Scoring.FROM_SECOND_WITH_PADDING, 7);
        // as the papers' code slices pred[:, :, K + 1:] against X[:, K + 2:], with K = 2 and rows padded to 7
        assertArrayEquals(new int[] {0, 4, 3, 3, 4, 1, 0, 3, 3, 1, 2, 2}, taught.inputs());
        assertArrayEquals(new int[] {4, 3, 3, 4, 1, 2, 3, 3, 1, 2, 2, 2}, taught.targets());
        float w = 1.0f / 6;
        assertArrayEquals(new float[] {0, 0, 0, w, w, w, 0, 0, 0, w, w, w}, taught.weights(), 1e-7f,
                "a's first b, and the balanced prompt's EOS, are never taught");
    }
}
