package org.nonid.nn.distribution;

/**
 * A Kullback-Leibler divergence KL(A || B) between two models' distributions of continuations
 * (of whole words, when the prompt is empty), averaged over a set of prompts.
 *
 * @param perSequence      nats per continuation, the mean over the prompts
 * @param standardError    its standard error (0 when exact)
 * @param perToken         nats per generated token: the sum over prompts divided by A's expected tokens
 * @param expectedTokens   A's expected number of new tokens per prompt (EOS included)
 * @param maxOverPrompts   the largest per-prompt divergence
 * @param prompts          the number of prompts
 * @param exact            whether every continuation of A was enumerated (else Monte Carlo)
 * @param samplesPerPrompt Monte Carlo samples per prompt (0 when exact)
 * @param unfinishedMass   A's probability of continuations cut at the token limit, mean over prompts
 */
public record KlEstimate(double perSequence, double standardError, double perToken, double expectedTokens,
                         double maxOverPrompts, int prompts, boolean exact, int samplesPerPrompt,
                         double unfinishedMass) {

    /** How it was computed, in words. */
    public String method() {
        return exact ? "exact (every continuation of A enumerated)"
                : "Monte Carlo (" + samplesPerPrompt + " samples of A per prompt; per-step KL summed along each)";
    }
}
