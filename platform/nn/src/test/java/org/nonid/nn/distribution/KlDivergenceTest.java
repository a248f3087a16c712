package org.nonid.nn.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nonid.api.language.Vocabulary;

class KlDivergenceTest {
    private static final int LIMIT = 5;
    private final RandomTable a = new RandomTable(1, 16);
    private final RandomTable b = new RandomTable(2, 16);
    private final List<int[]> prompts = List.of(new int[] {3}, new int[] {4, 4}, new int[] {3, 4, 3});

    /** KL over continuations of SOS+prompt by brute-force recursion over every token sequence, in double. */
    private static double bruteForce(ExactPredictor p, ExactPredictor q, int[] prefix, int left) {
        if (left == 0) {
            return 0;
        }
        double[] lp = p.nextLogProbabilities(prefix);
        double[] lq = q.nextLogProbabilities(prefix);
        double kl = 0;
        for (int v = 0; v < lp.length; v++) {
            if (lp[v] == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double pv = Math.exp(lp[v]);
            kl += pv * (lp[v] - lq[v]);
            if (v != Vocabulary.EOS) {
                int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = v;
                kl += pv * bruteForce(p, q, next, left - 1);
            }
        }
        return kl;
    }

    private double bruteForceMean() {
        double sum = 0;
        for (int[] prompt : prompts) {
            int[] prefix = new int[prompt.length + 1];
            System.arraycopy(prompt, 0, prefix, 1, prompt.length);
            sum += bruteForce(a, b, prefix, LIMIT);
        }
        return sum / prompts.size();
    }

    @Test
    void exactEnumerationEqualsBruteForce() {
        KlEstimate kl = KlDivergence.between(a, b, prompts, LIMIT, 2, 1);
        assertTrue(kl.exact());
        double expected = bruteForceMean();
        assertTrue(expected > 0.05, "the test models differ");
        assertEquals(expected, kl.perSequence(), 1e-12 * expected);
        assertEquals(0, KlDivergence.between(a, a, prompts, LIMIT, 2, 1).perSequence(), 1e-15);
    }

    @Test
    void exactWithAFloatModelAsBAgreesToFloatPrecision() {
        KlEstimate kl = KlDivergence.between(a, new Opaque(b), prompts, LIMIT, 2, 1);
        assertTrue(kl.exact());
        assertEquals(bruteForceMean(), kl.perSequence(), 1e-5);
    }

    @Test
    void monteCarloIsWithinThreeStandardErrors() {
        KlEstimate kl = KlDivergence.between(new Opaque(a), b, prompts, LIMIT, 4000, 7);
        assertFalse(kl.exact());
        double expected = bruteForceMean();
        assertTrue(kl.standardError() > 0 && kl.standardError() < 0.05 * expected,
                "the estimate is precise enough to test: se " + kl.standardError() + " of " + expected);
        assertEquals(expected, kl.perSequence(), 3 * kl.standardError());
        KlEstimate again = KlDivergence.between(new Opaque(a), b, prompts, LIMIT, 4000, 7);
        assertEquals(kl.perSequence(), again.perSequence(), 0.0, "seeded");
    }

    @Test
    void expectedLengthAndUnfinishedMassAreExact() {
        KlEstimate kl = KlDivergence.between(a, b, List.of(new int[] {3}), 2, 2, 1);
        double[] first = a.nextLogProbabilities(new int[] {0, 3});
        double end = Math.exp(first[Vocabulary.EOS]);
        // one token for certain, a second one unless the first was EOS; unfinished unless EOS came within two
        double secondEnd = 0;
        for (int v = 3; v < RandomTable.VOCABULARY; v++) {
            secondEnd += Math.exp(first[v]) * Math.exp(a.nextLogProbabilities(new int[] {0, 3, v})[Vocabulary.EOS]);
        }
        assertEquals(1 + (1 - end), kl.expectedTokens(), 1e-12);
        assertEquals(1 - end - secondEnd, kl.unfinishedMass(), 1e-12);
    }
}
