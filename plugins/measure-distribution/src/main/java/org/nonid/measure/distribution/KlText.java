package org.nonid.measure.distribution;

import org.nonid.nn.distribution.KlEstimate;

/** A divergence in words. */
final class KlText {
    private KlText() {
    }

    static String describe(KlEstimate kl, boolean joint) {
        String unit = joint ? "nats per word" : "nats per completion (mean over prompts)";
        StringBuilder sb = new StringBuilder("KL:      ").append(number(kl.perSequence())).append(' ').append(unit);
        if (!kl.exact()) {
            sb.append(" ± ").append(number(kl.standardError())).append(" (standard error)");
        }
        sb.append('\n').append("         ").append(number(kl.perToken())).append(" nats per token; A's mean length ")
                .append(String.format("%.2f", kl.expectedTokens())).append(" tokens (EOS included)");
        if (!joint) {
            sb.append("; largest over prompts ").append(number(kl.maxOverPrompts()));
        }
        if (kl.unfinishedMass() > 0) {
            sb.append('\n').append("         A ends ").append(String.format("%.1f%%", 100 * kl.unfinishedMass()))
                    .append(" of its continuations at the token limit without EOS (their divergence is counted up to there)");
        }
        return sb.toString();
    }

    private static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "infinite (B gives probability 0 to something A does)" : "-infinite";
        }
        return Math.abs(v) >= 1e-3 || v == 0 ? String.format("%.6f", v) : String.format("%.3e", v);
    }
}
