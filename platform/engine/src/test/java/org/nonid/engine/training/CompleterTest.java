package org.nonid.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.measure.Completion;
import org.nonid.engine.testing.ScriptedModel;

class CompleterTest {
    private static final int EOS = 1;
    private static final int A = 3;
    private static final int B = 4;

    @Test
    void completionsStopAtTheFirstEosAndDropWhatFollows() {
        // prompt "a b" (3 tokens fed with SOS); scripts start with the first generated token
        int[][] script = {
            {B, EOS, A, A},          // tokens after EOS are dropped
            {EOS},                   // empty completion, finished
            {A, A, A, A, A, A},      // no EOS within 4 tokens
        };
        ScriptedModel model = new ScriptedModel(5, 3, script);
        Completer completer = new Completer(model, 4, true, 1.0, new SplittableRandom(1));
        List<int[]> prompts = List.of(new int[] {A, B}, new int[] {A, B}, new int[] {A, B});
        List<Completion> out = completer.complete(prompts);
        assertEquals(3, out.size());
        assertTrue(out.get(0).finished());
        assertArrayEquals(new int[] {B}, out.get(0).completion());
        assertArrayEquals(new int[] {A, B, B}, out.get(0).whole());
        assertTrue(out.get(1).finished());
        assertArrayEquals(new int[0], out.get(1).completion());
        assertFalse(out.get(2).finished());
        assertArrayEquals(new int[] {A, A, A, A}, out.get(2).completion());
    }

    @Test
    void decodingGivesUpAsSoonAsItIsCancelled() {
        ScriptedModel model = new ScriptedModel(5, 3, new int[][] {{A, A, A, A, A, A, A, A}});
        int[] asked = {0};
        Completer completer = new Completer(model, 8, true, 1.0, new SplittableRandom(1), () -> ++asked[0] > 2);
        java.util.concurrent.CancellationException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CancellationException.class, () -> completer.complete(List.of(new int[] {A, B})));
        assertEquals("cancelled while completing prompts", e.getMessage());
        assertEquals(3, asked[0], "asked before each generated token, stopped at the third");
    }

    @Test
    void aModelWithFixedPositionsStopsWhereTheyEnd() {
        // 5 positions: SOS and the prompt "a b" fed, then 2 generated tokens fed: 3 tokens come out
        ScriptedModel model = new ScriptedModel(5, 3, new int[][] {{A, A, A, A, EOS}}).withPositions(5);
        Completion only = new Completer(model, 10, true, 1.0, new SplittableRandom(1)).complete(List.of(new int[] {A, B}))
                .get(0);
        assertFalse(only.finished());
        assertArrayEquals(new int[] {A, A, A}, only.completion());
    }

    @Test
    void promptsOfDifferentLengthsAreDecodedInTheirOwnBatches() {
        int[][] script = {{EOS}, {EOS}};
        ScriptedModel shortPrompt = new ScriptedModel(5, 2, script);
        Completer completer = new Completer(shortPrompt, 3, true, 1.0, new SplittableRandom(1));
        List<Completion> out = completer.complete(List.of(new int[] {A}, new int[] {B}));
        assertTrue(out.get(0).finished() && out.get(1).finished());
        assertArrayEquals(new int[] {B}, out.get(1).prompt());
    }

    @Test
    void samplingWithTheSameSeedRepeats() {
        int[][] script = {{A, B, EOS}, {B, A, EOS}};
        ScriptedModel model = new ScriptedModel(5, 2, script);
        List<int[]> prompts = List.of(new int[] {A}, new int[] {A});
        List<Completion> first = new Completer(model, 3, false, 50.0, new SplittableRandom(9)).complete(prompts);
        List<Completion> second = new Completer(model, 3, false, 50.0, new SplittableRandom(9)).complete(prompts);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(first.get(i).completion(), second.get(i).completion());
        }
    }
}
