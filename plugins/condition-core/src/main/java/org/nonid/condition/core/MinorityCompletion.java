package org.nonid.condition.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nonid.api.condition.AuxiliaryObjective;
import org.nonid.api.condition.TeacherSequence;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;

/**
 * P1's extra completions of the out-of-distribution prompts of aNbN: a prompt with A a's and B b's
 * is completed with |A - B| + {@code extra} copies of its minority symbol (b when A > B, a when
 * A < B, b on a tie). With extra 0 the whole word satisfies R1 (oracle); with extra 1 it never
 * does (adversarial).
 */
final class MinorityCompletion {
    /** The languages the construction is defined for: two symbols a, b and R1 "#a = #b". */
    static final Set<String> LANGUAGES = Set.of("aNbN");

    static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .number("weight", 1.0, 0.0, 1e6, "weight of the extra loss relative to maximum likelihood")
            .choice("scoring", "completion", java.util.List.of("completion", "papers"), "completion: every taught"
                    + " token and EOS; papers: as the papers' code, from the second taught token on, PAD targets"
                    + " included (the first minority symbol, and the EOS after a balanced prompt, never taught)")
            .build();

    private MinorityCompletion() {
    }

    static AuxiliaryObjective objective(String condition, FormalLanguage language, PromptSet prompts, int extra,
                                        org.nonid.api.config.Config parameters) {
        if (!LANGUAGES.contains(language.name())) {
            throw new IllegalArgumentException("condition " + condition + " is not defined for language "
                    + language.name() + "; it is defined for: " + String.join(", ", LANGUAGES));
        }
        int a = language.vocabulary().id("a");
        int b = language.vocabulary().id("b");
        List<TeacherSequence> sequences = new ArrayList<>();
        for (int[] prompt : prompts.outOfDistribution()) {
            sequences.add(new TeacherSequence(prompt.clone(), complete(prompt, a, b, extra)));
        }
        return new AuxiliaryObjective(sequences, parameters.getDouble("weight"),
                parameters.getString("scoring").equals("papers") ? AuxiliaryObjective.Scoring.FROM_SECOND_WITH_PADDING
                        : AuxiliaryObjective.Scoring.COMPLETION_AND_EOS);
    }

    /** The completion of one prompt. */
    static int[] complete(int[] prompt, int a, int b, int extra) {
        int countA = 0;
        int countB = 0;
        for (int t : prompt) {
            countA += t == a ? 1 : 0;
            countB += t == b ? 1 : 0;
        }
        int minority = countA < countB ? a : b;
        int[] completion = new int[Math.abs(countA - countB) + extra];
        java.util.Arrays.fill(completion, minority);
        return completion;
    }
}
