package org.nonid.engine.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Completion;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;

/**
 * Batched completion of prompts: feeds SOS and the prompt through an incremental decoder, then
 * picks tokens greedily (argmax, lowest id on ties) or by sampling at a temperature, until every
 * sequence has produced EOS or the token limit is reached. Completions are cut before their first
 * EOS.
 */
public final class Completer {
    /** Prompts decoded together, at most. */
    private static final int CHUNK = 512;

    private final Model model;
    private final int maxNewTokens;
    private final boolean greedy;
    private final double temperature;
    private final SplittableRandom random;
    private final java.util.function.BooleanSupplier stop;

    public Completer(Model model, int maxNewTokens, boolean greedy, double temperature, SplittableRandom random) {
        this(model, maxNewTokens, greedy, temperature, random, () -> false);
    }

    /** A completer that gives up, with a {@link java.util.concurrent.CancellationException}, once {@code stop} says so. */
    public Completer(Model model, int maxNewTokens, boolean greedy, double temperature, SplittableRandom random,
                     java.util.function.BooleanSupplier stop) {
        this.model = model;
        this.maxNewTokens = maxNewTokens;
        this.greedy = greedy;
        this.temperature = temperature;
        this.random = random;
        this.stop = stop;
    }

    /** Completions of prompts (symbol ids without SOS), in order. */
    public List<Completion> complete(List<int[]> prompts) {
        List<Completion> out = new ArrayList<>(prompts.size());
        int start = 0;
        while (start < prompts.size()) {
            int length = prompts.get(start).length;
            int end = start;
            while (end < prompts.size() && end - start < CHUNK && prompts.get(end).length == length) {
                end++;
            }
            out.addAll(completeSameLength(prompts.subList(start, end), length));
            start = end;
        }
        return out;
    }

    private List<Completion> completeSameLength(List<int[]> prompts, int length) {
        int n = prompts.size();
        int vocab = model.vocabularySize();
        // Feeding SOS, the prompt and all but the last new token takes length + maxNewTokens positions; a model
        // with a fixed number of positions stops where they end (such completions are unfinished).
        int maxNewTokens = (int) Math.min(this.maxNewTokens, (long) model.maxSequenceLength() - length);
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("a prompt of " + length + " tokens does not fit the "
                    + model.maxSequenceLength() + " positions of the model");
        }
        int[][] generated = new int[n][maxNewTokens];
        int[] produced = new int[n];
        boolean[] finished = new boolean[n];
        try (Decoder decoder = model.decoder(n, length + maxNewTokens)) {
            int[] tokens = new int[n];
            java.util.Arrays.fill(tokens, Vocabulary.SOS);
            float[] logProbs = decoder.step(tokens);
            for (int t = 0; t < length; t++) {
                for (int i = 0; i < n; i++) {
                    tokens[i] = prompts.get(i)[t];
                }
                logProbs = decoder.step(tokens);
            }
            int open = n;
            for (int step = 0; step < maxNewTokens && open > 0; step++) {
                if (stop.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("cancelled while completing prompts");
                }
                for (int i = 0; i < n; i++) {
                    if (finished[i]) {
                        tokens[i] = Vocabulary.PAD;
                        continue;
                    }
                    int next = choose(logProbs, i * vocab, vocab);
                    tokens[i] = next;
                    if (next == Vocabulary.EOS) {
                        finished[i] = true;
                        open--;
                    } else {
                        generated[i][produced[i]++] = next;
                    }
                }
                if (open > 0 && step + 1 < maxNewTokens) {
                    logProbs = decoder.step(tokens);
                }
            }
        }
        List<Completion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Completion(prompts.get(i).clone(), java.util.Arrays.copyOf(generated[i], produced[i]), finished[i]));
        }
        return out;
    }

    private int choose(float[] logProbs, int offset, int vocab) {
        if (greedy) {
            int best = 0;
            for (int v = 1; v < vocab; v++) {
                if (logProbs[offset + v] > logProbs[offset + best]) {
                    best = v;
                }
            }
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logProbs[offset + v] / temperature);
        }
        double[] weights = new double[vocab];
        double total = 0;
        for (int v = 0; v < vocab; v++) {
            weights[v] = Math.exp(logProbs[offset + v] / temperature - max);
            total += weights[v];
        }
        double u = random.nextDouble() * total;
        for (int v = 0; v < vocab; v++) {
            u -= weights[v];
            if (u <= 0) {
                return v;
            }
        }
        return vocab - 1;
    }
}
