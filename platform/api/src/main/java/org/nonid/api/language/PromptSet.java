package org.nonid.api.language;

import java.util.List;

/**
 * Test prompts of one length: in-distribution ones (a prefix of some word of the language) and
 * out-of-distribution ones (they break R2). Prompts are symbol ids without SOS.
 */
public record PromptSet(int length, List<int[]> inDistribution, List<int[]> outOfDistribution) {
    public PromptSet {
        inDistribution = List.copyOf(inDistribution);
        outOfDistribution = List.copyOf(outOfDistribution);
    }
}
