package org.nonid.nn.distribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nonid.api.language.Vocabulary;

/**
 * Every continuation an exact predictor can produce after a prefix, with its exact probability:
 * breadth first, keeping only tokens of non-zero probability, up to a number of new tokens.
 */
public final class Continuations {
    private Continuations() {
    }

    /**
     * One continuation.
     *
     * @param tokens         the new tokens, EOS included where it ended
     * @param logProbability its log-probability under the predictor, given the prefix
     * @param finished       whether it ended with EOS within the token limit
     */
    public record Leaf(int[] tokens, double logProbability, boolean finished) {
    }

    /**
     * The continuations of {@code SOS prompt}, or empty when there would be more than
     * {@code budget} open continuations at some length.
     */
    public static Optional<List<Leaf>> enumerate(ExactPredictor predictor, int[] prompt, int maxNewTokens,
                                                 int budget) {
        int[] start = new int[prompt.length + 1];
        start[0] = Vocabulary.SOS;
        System.arraycopy(prompt, 0, start, 1, prompt.length);
        List<int[]> open = List.of(start);
        List<Double> openLogp = List.of(0.0);
        List<Leaf> leaves = new ArrayList<>();
        for (int depth = 0; depth < maxNewTokens && !open.isEmpty(); depth++) {
            List<int[]> nextOpen = new ArrayList<>();
            List<Double> nextLogp = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                int[] prefix = open.get(i);
                double[] logp = predictor.nextLogProbabilities(prefix);
                for (int v = 0; v < logp.length; v++) {
                    if (logp[v] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double lp = openLogp.get(i) + logp[v];
                    int[] extended = Arrays.copyOf(prefix, prefix.length + 1);
                    extended[prefix.length] = v;
                    if (v == Vocabulary.EOS) {
                        leaves.add(new Leaf(Arrays.copyOfRange(extended, start.length, extended.length), lp, true));
                    } else {
                        nextOpen.add(extended);
                        nextLogp.add(lp);
                    }
                }
            }
            if (nextOpen.size() > budget) {
                return Optional.empty();
            }
            open = nextOpen;
            openLogp = nextLogp;
        }
        for (int i = 0; i < open.size(); i++) {
            int[] prefix = open.get(i);
            leaves.add(new Leaf(Arrays.copyOfRange(prefix, start.length, prefix.length), openLogp.get(i), false));
        }
        return Optional.of(leaves);
    }
}
