package org.nonid.nn.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;

/**
 * KL(A || B) between the distributions two models put on continuations of prompts, up to a number of
 * new tokens (a continuation ends at EOS). With the empty prompt and a limit past the longest word it
 * is the divergence between the models' distributions of words.
 * <p>
 * Exact when A is an {@link ExactPredictor} whose continuations can be enumerated within the budget:
 * {@code sum_c A(c) (log A(c) - log B(c))} over every continuation c. Otherwise Monte Carlo: continuations
 * are sampled from A, and along each the per-step divergences of the next-token distributions are
 * summed (an unbiased estimate with lower variance than {@code log A(c) - log B(c)}).
 */
public final class KlDivergence {
    /** Open continuations per prompt above which enumeration gives way to Monte Carlo. */
    public static final int DEFAULT_BUDGET = 200_000;
    private static final int CHUNK = 512;

    private KlDivergence() {
    }

    /**
     * The divergence averaged over prompts (symbol ids without SOS; an empty prompt for whole words).
     *
     * @param samplesPerPrompt Monte Carlo samples per prompt where enumeration is not possible
     * @param seed             the seed of those samples
     */
    public static KlEstimate between(Model a, Model b, List<int[]> prompts, int maxNewTokens, int samplesPerPrompt,
                                     long seed) {
        if (a.vocabularySize() != b.vocabularySize()) {
            throw new IllegalArgumentException("the models predict over " + a.vocabularySize() + " and "
                    + b.vocabularySize() + " tokens: they are not models of the same language");
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts");
        }
        int positions = Math.min(a.maxSequenceLength(), b.maxSequenceLength());
        for (int[] prompt : prompts) {
            if (prompt.length >= positions) {
                throw new IllegalArgumentException("a prompt of " + prompt.length + " symbols leaves no room in models of "
                        + positions + " positions");
            }
        }
        if (a instanceof ExactPredictor exact) {
            Optional<KlEstimate> enumerated = enumerated(exact, b, prompts, maxNewTokens, positions);
            if (enumerated.isPresent()) {
                return enumerated.get();
            }
        }
        return sampled(a, b, prompts, maxNewTokens, samplesPerPrompt, seed);
    }

    private static Optional<KlEstimate> enumerated(ExactPredictor a, Model b, List<int[]> prompts, int maxNewTokens,
                                                   int positions) {
        double sum = 0;
        double tokens = 0;
        double max = Double.NEGATIVE_INFINITY;
        double unfinished = 0;
        for (int[] prompt : prompts) {
            Optional<List<Continuations.Leaf>> leaves = Continuations.enumerate(a, prompt,
                    Math.min(maxNewTokens, positions - prompt.length), DEFAULT_BUDGET);
            if (leaves.isEmpty()) {
                return Optional.empty();
            }
            List<int[]> sequences = new ArrayList<>(leaves.get().size());
            for (Continuations.Leaf leaf : leaves.get()) {
                int[] seq = new int[1 + prompt.length + leaf.tokens().length];
                seq[0] = Vocabulary.SOS;
                System.arraycopy(prompt, 0, seq, 1, prompt.length);
                System.arraycopy(leaf.tokens(), 0, seq, 1 + prompt.length, leaf.tokens().length);
                sequences.add(seq);
            }
            double[] logB = Scoring.logProbabilities(b, sequences, prompt.length + 1);
            double kl = 0;
            for (int i = 0; i < logB.length; i++) {
                Continuations.Leaf leaf = leaves.get().get(i);
                double pa = Math.exp(leaf.logProbability());
                if (pa == 0) {
                    continue;
                }
                kl += pa * (leaf.logProbability() - logB[i]);
                tokens += pa * leaf.tokens().length;
                if (!leaf.finished()) {
                    unfinished += pa;
                }
            }
            sum += kl;
            max = Math.max(max, kl);
        }
        int n = prompts.size();
        return Optional.of(new KlEstimate(sum / n, 0, sum / tokens, tokens / n, max, n, true, 0, unfinished / n));
    }

    private static KlEstimate sampled(Model a, Model b, List<int[]> prompts, int maxNewTokens, int samples, long seed) {
        if (samples < 2) {
            throw new IllegalArgumentException("a Monte Carlo estimate needs at least 2 samples per prompt");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        double variance = 0;
        double tokens = 0;
        double max = Double.NEGATIVE_INFINITY;
        double unfinished = 0;
        for (int[] prompt : prompts) {
            double[] kl = new double[samples];
            int[] length = new int[samples];
            boolean[] finished = new boolean[samples];
            for (int start = 0; start < samples; start += CHUNK) {
                int n = Math.min(CHUNK, samples - start);
                sampleChunk(a, b, prompt, maxNewTokens, random, start, n, kl, length, finished);
            }
            double mean = 0;
            for (double v : kl) {
                mean += v / samples;
            }
            double ss = 0;
            for (double v : kl) {
                ss += (v - mean) * (v - mean);
            }
            double meanLength = 0;
            int open = 0;
            for (int i = 0; i < samples; i++) {
                meanLength += (double) length[i] / samples;
                open += finished[i] ? 0 : 1;
            }
            sum += mean;
            variance += ss / (samples - 1) / samples;
            tokens += meanLength;
            max = Math.max(max, mean);
            unfinished += (double) open / samples;
        }
        int n = prompts.size();
        return new KlEstimate(sum / n, Math.sqrt(variance) / n, sum / tokens, tokens / n, max, n, false, samples,
                unfinished / n);
    }

    private static void sampleChunk(Model a, Model b, int[] prompt, int maxNewTokens, SplittableRandom random, int offset,
                                    int n, double[] kl, int[] length, boolean[] finished) {
        int vocab = a.vocabularySize();
        int capacity = Math.min(Math.min(a.maxSequenceLength(), b.maxSequenceLength()), prompt.length + maxNewTokens);
        try (Decoder da = a.decoder(n, capacity); Decoder db = b.decoder(n, capacity)) {
            int[] tokens = new int[n];
            java.util.Arrays.fill(tokens, Vocabulary.SOS);
            float[] la = da.step(tokens);
            float[] lb = db.step(tokens);
            for (int symbol : prompt) {
                java.util.Arrays.fill(tokens, symbol);
                la = da.step(tokens);
                lb = db.step(tokens);
            }
            boolean[] done = new boolean[n];
            int steps = capacity - prompt.length;
            for (int step = 0; step < steps; step++) {
                for (int i = 0; i < n; i++) {
                    if (done[i]) {
                        tokens[i] = Vocabulary.PAD;
                        continue;
                    }
                    int row = i * vocab;
                    double stepKl = 0;
                    double u = random.nextDouble();
                    int chosen = -1;
                    for (int v = 0; v < vocab; v++) {
                        double pa = Math.exp(la[row + v]);
                        if (pa > 0) {
                            stepKl += pa * ((double) la[row + v] - lb[row + v]);
                        }
                        u -= pa;
                        if (chosen < 0 && u <= 0) {
                            chosen = v;
                        }
                    }
                    if (chosen < 0) {
                        chosen = lastPossible(la, row, vocab);
                    }
                    kl[offset + i] += stepKl;
                    length[offset + i]++;
                    tokens[i] = chosen;
                    if (chosen == Vocabulary.EOS) {
                        done[i] = true;
                        finished[offset + i] = true;
                    }
                }
                if (step + 1 < steps) {
                    la = da.step(tokens);
                    lb = db.step(tokens);
                }
            }
        }
    }

    private static int lastPossible(float[] logp, int row, int vocab) {
        for (int v = vocab - 1; v >= 0; v--) {
            if (logp[row + v] > Float.NEGATIVE_INFINITY) {
                return v;
            }
        }
        return Vocabulary.EOS;
    }
}
