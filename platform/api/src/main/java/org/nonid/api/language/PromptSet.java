package org.nonid.api.language;

import java.util.List;

/**
 * Test prompts of one length: in-distribution ones (a prefix of some word of the language) and
 * out-of-distribution ones (a prefix of no word of it: most break R2, some only the counts, e.g.
 * aNbN's {@code a b b ...}; each language documents its split in docs/languages.md). Prompts are
 * symbol ids without SOS.
 */
public record PromptSet(int length, List<int[]> inDistribution, List<int[]> outOfDistribution) {
    public PromptSet {
        inDistribution = List.copyOf(inDistribution);
        outOfDistribution = List.copyOf(outOfDistribution);
    }
}
