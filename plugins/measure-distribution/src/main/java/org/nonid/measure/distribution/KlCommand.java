package org.nonid.measure.distribution;

import org.nonid.api.config.ConfigException;
import java.io.PrintStream;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.plugin.PluginCatalog;
import org.nonid.api.run.ExperimentService;
import org.nonid.nn.distribution.KlDivergence;
import org.nonid.nn.distribution.KlEstimate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code nonid:kl}: the divergence between two models, or a model and a language's data. */
@Component(service = KlCommand.class, property = {"osgi.command.scope=nonid", "osgi.command.function=kl"})
public final class KlCommand {

    @Reference
    private PluginCatalog catalog;

    @Reference
    private ExperimentService experiments;

    @Descriptor("KL(A || B) between two models' distributions of words (joint) or of completions after prompts:"
            + " exact where A's continuations can be enumerated (data, constructed models), else Monte Carlo")
    public void kl(
            @Descriptor("most new tokens of a completion after prompts (0 = the language's maxLength)")
            @Parameter(names = {"-n", "--max-new-tokens"}, absentValue = "0") int maxNewTokens,
            @Descriptor("Monte Carlo samples of A per prompt, where enumeration is not possible")
            @Parameter(names = {"-m", "--samples"}, absentValue = "200") int samples,
            @Descriptor("seed of the Monte Carlo samples") @Parameter(names = {"-s", "--seed"}, absentValue = "1")
            long seed,
            @Descriptor("model A: " + ModelSource.SYNTAX) String a,
            @Descriptor("model B, the same forms") String b) {
        kl(maxNewTokens, samples, seed, a, b, "joint");
    }

    @Descriptor("KL(A || B) after prompts: joint (whole words), id, ood (A's test prompts) or one prompt (\"b a a b\")")
    public void kl(
            @Descriptor("most new tokens of a completion after prompts (0 = the language's maxLength)")
            @Parameter(names = {"-n", "--max-new-tokens"}, absentValue = "0") int maxNewTokens,
            @Descriptor("Monte Carlo samples of A per prompt, where enumeration is not possible")
            @Parameter(names = {"-m", "--samples"}, absentValue = "200") int samples,
            @Descriptor("seed of the Monte Carlo samples") @Parameter(names = {"-s", "--seed"}, absentValue = "1")
            long seed,
            @Descriptor("model A: " + ModelSource.SYNTAX) String a,
            @Descriptor("model B, the same forms") String b,
            @Descriptor("joint, id, ood, or a prompt of symbols") String prompts) {
        if (maxNewTokens < 0 || samples < 2) {
            throw new ConfigException("--max-new-tokens must be >= 0 and --samples >= 2");
        }
        try (ModelSource first = ModelSource.open(a, catalog, experiments);
             ModelSource second = ModelSource.open(b, catalog, experiments)) {
            if (!first.language().vocabulary().names().equals(second.language().vocabulary().names())) {
                throw new ConfigException("A and B are models of different vocabularies ("
                        + first.language().name() + ": " + String.join(" ", first.language().vocabulary().symbols())
                        + "; " + second.language().name() + ": " + String.join(" ", second.language().vocabulary().symbols())
                        + ")");
            }
            PromptChoice choice = PromptChoice.of(prompts, first);
            int limit = choice.joint() ? first.language().maxLength() + 1
                    : maxNewTokens > 0 ? maxNewTokens : first.language().maxLength();
            KlEstimate kl = KlDivergence.between(first.model(), second.model(), choice.prompts(), limit, samples, seed);
            PrintStream out = System.out;
            out.println("A:       " + first.label());
            out.println("B:       " + second.label());
            out.println("over:    " + choice.description() + (choice.joint() ? "" : ", completions of up to " + limit
                    + " tokens"));
            out.println("method:  " + kl.method());
            out.println(KlText.describe(kl, choice.joint()));
        }
    }

    /** The prompts a divergence is taken after. */
    private record PromptChoice(List<int[]> prompts, String description, boolean joint) {
        static PromptChoice of(String text, ModelSource source) {
            String name = source.language().name();
            switch (text.trim()) {
                case "joint", "" -> {
                    return new PromptChoice(List.of(new int[0]), "whole words of " + name, true);
                }
                case "id" -> {
                    return nonEmpty(source.prompts().inDistribution(), "in-distribution prompts of " + name);
                }
                case "ood" -> {
                    return nonEmpty(source.prompts().outOfDistribution(), "out-of-distribution prompts of " + name);
                }
                default -> {
                    int[] prompt = source.language().vocabulary().parse(text);
                    for (int s : prompt) {
                        if (s < 3) {
                            throw new ConfigException("a prompt holds symbols only, not "
                                    + source.language().vocabulary().name(s));
                        }
                    }
                    return new PromptChoice(List.of(prompt), "the prompt '" + text.trim() + "'", false);
                }
            }
        }

        private static PromptChoice nonEmpty(List<int[]> prompts, String description) {
            if (prompts.isEmpty()) {
                throw new ConfigException("there are no " + description);
            }
            return new PromptChoice(prompts, prompts.size() + " " + description, false);
        }
    }
}
