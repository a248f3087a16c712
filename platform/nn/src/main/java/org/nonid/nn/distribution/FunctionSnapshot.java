package org.nonid.nn.distribution;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.model.Model;

/**
 * A model's next-token log-probabilities at every position of a set of token sequences: what
 * "the same function" is checked on (a reparametrisation must leave it unchanged).
 */
public final class FunctionSnapshot {
    private final List<float[]> rows;

    private FunctionSnapshot(List<float[]> rows) {
        this.rows = rows;
    }

    /** Words as {@code SOS w EOS} and prompts as {@code SOS p}: the sequences a function is compared on. */
    public static List<int[]> wordsAndPrompts(List<int[]> words, org.nonid.api.language.PromptSet prompts) {
        List<int[]> out = new ArrayList<>();
        for (int[] w : words) {
            int[] s = new int[w.length + 2];
            System.arraycopy(w, 0, s, 1, w.length);
            s[s.length - 1] = org.nonid.api.language.Vocabulary.EOS;
            out.add(s);
        }
        for (List<int[]> set : List.of(prompts.inDistribution(), prompts.outOfDistribution())) {
            for (int[] p : set) {
                int[] s = new int[p.length + 1];
                System.arraycopy(p, 0, s, 1, p.length);
                out.add(s);
            }
        }
        return out;
    }

    /** The log-probabilities after every prefix of every sequence (each starting with SOS). */
    public static FunctionSnapshot of(Model model, List<int[]> sequences) {
        int vocab = model.vocabularySize();
        List<float[]> rows = new ArrayList<>();
        TeacherForcing.run(model, sequences, (chunk, t, logp) -> {
            for (int i = 0; i < chunk.size(); i++) {
                rows.add(java.util.Arrays.copyOfRange(logp, i * vocab, (i + 1) * vocab));
            }
        });
        return new FunctionSnapshot(rows);
    }

    /**
     * The mean over positions of KL(this || other) between the next-token distributions, in nats.
     */
    public double meanDivergence(FunctionSnapshot other) {
        if (other.rows.size() != rows.size()) {
            throw new IllegalArgumentException("snapshots of different sequences");
        }
        double sum = 0;
        for (int r = 0; r < rows.size(); r++) {
            float[] a = rows.get(r);
            float[] b = other.rows.get(r);
            for (int v = 0; v < a.length; v++) {
                double p = Math.exp(a[v]);
                if (p > 0) {
                    sum += p * ((double) a[v] - b[v]);
                }
            }
        }
        return rows.isEmpty() ? 0 : sum / rows.size();
    }

    /**
     * The largest change between two snapshots of the same sequences: over every position, the
     * largest absolute difference of a log-probability divided by the largest magnitude among that
     * position's log-probabilities (at least 1).
     */
    public double maxRelativeDifference(FunctionSnapshot other) {
        if (other.rows.size() != rows.size()) {
            throw new IllegalArgumentException("snapshots of different sequences");
        }
        double worst = 0;
        for (int r = 0; r < rows.size(); r++) {
            float[] a = rows.get(r);
            float[] b = other.rows.get(r);
            double scale = 1;
            double diff = 0;
            for (int v = 0; v < a.length; v++) {
                scale = Math.max(scale, Math.abs(a[v]));
                diff = Math.max(diff, Math.abs((double) a[v] - b[v]));
            }
            if (Double.isNaN(diff)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }
}
