package org.nonid.nn.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;

/**
 * Feeds token sequences through a model's decoder, sequences of one length together in chunks, and
 * hands over the next-token log-probabilities after every position.
 */
final class TeacherForcing {
    /** Sequences decoded together, at most. */
    private static final int CHUNK = 512;

    private TeacherForcing() {
    }

    /** What is done with the log-probabilities after position t of a chunk of sequences. */
    interface Step {
        /**
         * @param rows the indices (into the given list) of the chunk's sequences, in order
         * @param t    the position just fed
         * @param logp {@code [rows.size() * vocabulary]}
         */
        void after(List<Integer> rows, int t, float[] logp);
    }

    static void run(Model model, List<int[]> sequences, Step step) {
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i = 0; i < sequences.size(); i++) {
            byLength.computeIfAbsent(sequences.get(i).length, k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
            int length = group.getKey();
            List<Integer> all = group.getValue();
            for (int start = 0; start < all.size(); start += CHUNK) {
                List<Integer> rows = all.subList(start, Math.min(all.size(), start + CHUNK));
                int n = rows.size();
                try (Decoder decoder = model.decoder(n, length)) {
                    int[] tokens = new int[n];
                    for (int t = 0; t < length; t++) {
                        for (int i = 0; i < n; i++) {
                            tokens[i] = sequences.get(rows.get(i))[t];
                        }
                        step.after(rows, t, decoder.step(tokens));
                    }
                }
            }
        }
    }
}
