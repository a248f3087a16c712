package org.nonid.nn.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;

/**
 * Teacher-forced log-probabilities under a model, in batches: of whole token sequences, and of the
 * next token after prefixes. Exact predictors answer in double precision; other models through
 * their decoders.
 */
public final class Scoring {
    /** Sequences decoded together, at most. */
    private static final int CHUNK = 512;

    private Scoring() {
    }

    /**
     * For each token sequence (starting with SOS), the sum of {@code log p(seq[t] | seq[<t])} over
     * {@code t >= from}.
     */
    public static double[] logProbabilities(Model model, List<int[]> sequences, int from) {
        double[] out = new double[sequences.size()];
        if (model instanceof ExactPredictor exact) {
            for (int i = 0; i < sequences.size(); i++) {
                int[] seq = sequences.get(i);
                double sum = 0;
                for (int t = Math.max(1, from); t < seq.length; t++) {
                    sum += exact.nextLogProbabilities(java.util.Arrays.copyOf(seq, t))[seq[t]];
                }
                out[i] = sum;
            }
            return out;
        }
        for (Map.Entry<Integer, List<Integer>> group : byLength(sequences).entrySet()) {
            int length = group.getKey();
            List<Integer> rows = group.getValue();
            for (int start = 0; start < rows.size(); start += CHUNK) {
                List<Integer> part = rows.subList(start, Math.min(rows.size(), start + CHUNK));
                scoreChunk(model, sequences, part, length, from, out);
            }
        }
        return out;
    }

    private static void scoreChunk(Model model, List<int[]> sequences, List<Integer> rows, int length, int from,
                                   double[] out) {
        int n = rows.size();
        int vocab = model.vocabularySize();
        try (Decoder decoder = model.decoder(n, length)) {
            int[] tokens = new int[n];
            for (int t = 0; t + 1 < length; t++) {
                for (int i = 0; i < n; i++) {
                    tokens[i] = sequences.get(rows.get(i))[t];
                }
                float[] logp = decoder.step(tokens);
                if (t + 1 >= from) {
                    for (int i = 0; i < n; i++) {
                        out[rows.get(i)] += logp[i * vocab + sequences.get(rows.get(i))[t + 1]];
                    }
                }
            }
        }
    }

    /** The next-token log-probabilities after each prefix (starting with SOS). */
    public static double[][] next(Model model, List<int[]> prefixes) {
        double[][] out = new double[prefixes.size()][];
        if (model instanceof ExactPredictor exact) {
            for (int i = 0; i < prefixes.size(); i++) {
                out[i] = exact.nextLogProbabilities(prefixes.get(i));
            }
            return out;
        }
        int vocab = model.vocabularySize();
        for (Map.Entry<Integer, List<Integer>> group : byLength(prefixes).entrySet()) {
            int length = group.getKey();
            List<Integer> rows = group.getValue();
            for (int start = 0; start < rows.size(); start += CHUNK) {
                List<Integer> part = rows.subList(start, Math.min(rows.size(), start + CHUNK));
                int n = part.size();
                try (Decoder decoder = model.decoder(n, length)) {
                    int[] tokens = new int[n];
                    float[] logp = null;
                    for (int t = 0; t < length; t++) {
                        for (int i = 0; i < n; i++) {
                            tokens[i] = prefixes.get(part.get(i))[t];
                        }
                        logp = decoder.step(tokens);
                    }
                    for (int i = 0; i < n; i++) {
                        double[] row = new double[vocab];
                        for (int v = 0; v < vocab; v++) {
                            row[v] = logp[i * vocab + v];
                        }
                        out[part.get(i)] = row;
                    }
                }
            }
        }
        return out;
    }

    private static Map<Integer, List<Integer>> byLength(List<int[]> sequences) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < sequences.size(); i++) {
            groups.computeIfAbsent(sequences.get(i).length, k -> new ArrayList<>()).add(i);
        }
        return groups;
    }
}
