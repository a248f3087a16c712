package org.nonid.nn.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;
import org.nonid.api.model.TokenBatch;

class DataModelTest {
    /** Words over {a, b} with chosen probabilities; "a" is also a prefix of "a b". */
    private static final List<WeightedWord> SUPPORT = List.of(
            new WeightedWord(new int[] {3}, 0.2), new WeightedWord(new int[] {3, 4}, 0.3),
            new WeightedWord(new int[] {4, 4, 3}, 0.4), new WeightedWord(new int[] {4, 3}, 0.1));

    static FormalLanguage toy(Optional<List<WeightedWord>> support) {
        return new FormalLanguage() {
            @Override
            public String name() {
                return "toy";
            }

            @Override
            public Vocabulary vocabulary() {
                return Vocabulary.of("a", "b");
            }

            @Override
            public int maxLength() {
                return 3;
            }

            @Override
            public List<Rule> rules() {
                return List.of();
            }

            @Override
            public boolean isGrammatical(int[] word) {
                return true;
            }

            @Override
            public int[] sample(SplittableRandom random) {
                return new int[] {3};
            }

            @Override
            public Optional<List<WeightedWord>> support() {
                return support;
            }

            @Override
            public Datasets datasets(SplittableRandom random) {
                return new Datasets(List.of(), List.of(), List.of());
            }

            @Override
            public int defaultPromptLength() {
                return 1;
            }

            @Override
            public PromptSet prompts(int length, SplittableRandom random) {
                return new PromptSet(length, List.of(), List.of());
            }
        };
    }

    private final DataModel data = DataModel.of(toy(Optional.of(SUPPORT)), null, 8);

    @Test
    void conditionalsAreTheSupportsExactly() {
        double[] first = data.nextLogProbabilities(new int[] {Vocabulary.SOS});
        assertEquals(Math.log(0.5), first[3], 1e-15);
        assertEquals(Math.log(0.5), first[4], 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, first[Vocabulary.EOS]);
        double[] afterA = data.nextLogProbabilities(new int[] {Vocabulary.SOS, 3});
        assertEquals(Math.log(0.2 / 0.5), afterA[Vocabulary.EOS], 1e-15);
        assertEquals(Math.log(0.3 / 0.5), afterA[4], 1e-15);
        double[] afterEos = data.nextLogProbabilities(new int[] {Vocabulary.SOS, 3, Vocabulary.EOS});
        assertEquals(0.0, afterEos[Vocabulary.PAD]);
        double[] offSupport = data.nextLogProbabilities(new int[] {Vocabulary.SOS, 3, 3});
        for (double v : offSupport) {
            assertEquals(Double.NEGATIVE_INFINITY, v);
        }
    }

    @Test
    void jointDivergenceIsTheSumOverTheSupport() {
        RandomTable model = new RandomTable(3, 8);
        double expected = 0;
        for (WeightedWord w : SUPPORT) {
            int[] seq = new int[w.word().length + 2];
            System.arraycopy(w.word(), 0, seq, 1, w.word().length);
            seq[seq.length - 1] = Vocabulary.EOS;
            double logq = Scoring.logProbabilities(model, List.of(seq), 1)[0];
            expected += w.probability() * (Math.log(w.probability()) - logq);
        }
        KlEstimate kl = KlDivergence.between(data, model, List.of(new int[0]), 4, 2, 1);
        assertTrue(kl.exact());
        assertEquals(expected, kl.perSequence(), 1e-12);
        assertEquals(0.2 * 2 + 0.3 * 3 + 0.4 * 4 + 0.1 * 3, kl.expectedTokens(), 1e-12);
        assertEquals(0, KlDivergence.between(data, data, List.of(new int[0]), 4, 2, 1).perSequence(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, KlDivergence.between(model, data, List.of(new int[0]), 4, 2, 1)
                .perSequence(), "the model does what the data never does");
    }

    @Test
    void lossOfABatchIsTheNegativeLogProbabilityOfItsTargets() {
        // SOS b b a EOS PAD: every position weighted 1
        TokenBatch batch = new TokenBatch(1, 5, new int[] {0, 4, 4, 3, 1}, new int[] {4, 4, 3, 1, 2},
                new float[] {1, 1, 1, 1, 1});
        assertEquals(-Math.log(0.4), data.loss(batch), 1e-12);
    }

    @Test
    void aLanguageWithoutAFiniteSupportIsRefusedWithTheReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataModel.of(toy(Optional.empty()), null, 8));
        assertTrue(e.getMessage().contains("finite support"), e.getMessage());
    }
}
