package org.nonid.nn.distribution;

import java.util.List;
import org.nonid.api.model.Model;

/**
 * Teacher-forced log-probabilities under a model, in batches: of whole token sequences, and of the
 * next token after prefixes. Exact predictors answer in double precision; other models through
 * their decoders.
 */
public final class Scoring {
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
        int vocab = model.vocabularySize();
        TeacherForcing.run(model, sequences, (rows, t, logp) -> {
            if (t + 1 >= from) {
                for (int i = 0; i < rows.size(); i++) {
                    int[] seq = sequences.get(rows.get(i));
                    if (t + 1 < seq.length) {
                        out[rows.get(i)] += logp[i * vocab + seq[t + 1]];
                    }
                }
            }
        });
        return out;
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
        TeacherForcing.run(model, prefixes, (rows, t, logp) -> {
            for (int i = 0; i < rows.size(); i++) {
                if (t == prefixes.get(rows.get(i)).length - 1) {
                    double[] row = new double[vocab];
                    for (int v = 0; v < vocab; v++) {
                        row[v] = logp[i * vocab + v];
                    }
                    out[rows.get(i)] = row;
                }
            }
        });
        return out;
    }
}
