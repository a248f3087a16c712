package org.nonid.nn.distribution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/**
 * A finite support as a prefix tree with the probability mass under every node: the data
 * distribution's exact next-token conditionals after any prefix that starts some word.
 */
public final class SupportTrie {
    private final int vocabularySize;
    private final Node root = new Node();

    public SupportTrie(List<WeightedWord> support, int vocabularySize) {
        this.vocabularySize = vocabularySize;
        for (WeightedWord w : support) {
            if (w.probability() <= 0) {
                continue;
            }
            Node node = root;
            node.mass += w.probability();
            for (int symbol : w.word()) {
                node = node.children.computeIfAbsent(symbol, s -> new Node());
                node.mass += w.probability();
            }
            node.endMass += w.probability();
        }
    }

    /** The total probability of the support (1 for a normalised distribution). */
    public double totalMass() {
        return root.mass;
    }

    /**
     * The exact next-token log-probabilities after symbols that start some word of the support
     * (no SOS), with EOS for the words that end there; empty where no word starts so.
     */
    public Optional<double[]> next(int[] symbols, int from, int to) {
        Node node = root;
        for (int i = from; i < to && node != null; i++) {
            node = node.children.get(symbols[i]);
        }
        if (node == null || node.mass <= 0) {
            return Optional.empty();
        }
        double[] logp = new double[vocabularySize];
        java.util.Arrays.fill(logp, Double.NEGATIVE_INFINITY);
        double logMass = Math.log(node.mass);
        for (Map.Entry<Integer, Node> child : node.children.entrySet()) {
            logp[child.getKey()] = Math.log(child.getValue().mass) - logMass;
        }
        if (node.endMass > 0) {
            logp[Vocabulary.EOS] = Math.log(node.endMass) - logMass;
        }
        return Optional.of(logp);
    }

    private static final class Node {
        private final Map<Integer, Node> children = new HashMap<>(4);
        private double mass;
        private double endMass;
    }
}
