package org.nonid.icl;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Language;
import org.osgi.service.component.annotations.Component;

/** The {@code icl} language plugin. */
@Component(service = Language.class, property = "nonid.name=icl")
public final class IclLanguage implements Language {
    /** Words a support may hold before it is too large to enumerate. */
    static final long LARGEST_SUPPORT = 2_000_000;

    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .integer("modulus", 5, 2, 10, "p: x and y are residues mod p")
            .integer("tasks", 4, 1, 9, "T: tasks y = x + t (mod p) for t = 1..T")
            .integer("demonstrations", 4, 0, 8, "K: an in-context sequence has k = 0..K demonstrations (uniform)")
            .integer("pairs", 3, 1, 8, "pairs in a sequence that is not in-context, each of its own task")
            .number("delta", 0.1, 0.0, 1.0, "probability that a word is an in-context sequence")
            .integer("trainSize", 4096, 1, 10_000_000, "training sequences drawn")
            .integer("validationSize", 1024, 1, 10_000_000, "validation sequences drawn")
            .integer("testSize", 1024, 1, 10_000_000, "test sequences drawn")
            .integer("queryPrompts", 500, 1, 1_000_000,
                    "query prompts per k for icl-accuracy: all of them up to this many, else this many drawn")
            .check(c -> c.getInt("tasks") < c.getInt("modulus") ? List.of()
                    : List.of("tasks = " + c.getInt("tasks") + " must be below modulus = " + c.getInt("modulus")
                            + " (t = 1..T must give distinct answers other than x)"))
            .check(c -> {
                long size = tasks(c).supportSize();
                return size <= LARGEST_SUPPORT ? List.of() : List.of("the support would hold " + size + " words (at most "
                        + LARGEST_SUPPORT + "): lower pairs, demonstrations or modulus");
            })
            .build();

    @Override
    public String name() {
        return "icl";
    }

    @Override
    public String description() {
        return "in-context learning tasks y = x + t mod p: pairs of changing tasks, or (probability delta) '>' and k"
                + " demonstrations of one task and a query '? x'; finite support, exact probabilities";
    }

    @Override
    public ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public FormalLanguage create(Config parameters) {
        return tasks(parameters);
    }

    private static IclTasks tasks(Config c) {
        return new IclTasks(c.getInt("modulus"), c.getInt("tasks"), c.getInt("demonstrations"), c.getInt("pairs"),
                c.getDouble("delta"), new int[] {c.getInt("trainSize"), c.getInt("validationSize"), c.getInt("testSize")},
                c.getInt("queryPrompts"));
    }
}
