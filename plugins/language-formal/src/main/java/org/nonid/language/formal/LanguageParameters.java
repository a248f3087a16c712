package org.nonid.language.formal;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/** The parameter schemas the languages share: the longest word M, and data-set sizes where data is drawn. */
final class LanguageParameters {
    static final String MAX_LENGTH = "maxLength";
    private static final int DEFAULT_MAX_LENGTH = 256;
    private static final int LONGEST = 100_000;

    private LanguageParameters() {
    }

    /**
     * M, at least {@code min} ({@code evenBecause} non-null asks M to be even and says why), and the
     * sizes of the data sets: 0 (the default) is every word of the support once, N draws N words.
     */
    static ConfigSchema finite(int min, String evenBecause) {
        return maxLength(min, evenBecause)
                .integer("trainSize", 0, 0, 10_000_000, "training words: 0 = every word once, N = N words drawn")
                .integer("validationSize", 0, 0, 10_000_000, "validation words: 0 = every word once, N = N drawn")
                .integer("testSize", 0, 0, 10_000_000, "test words: 0 = every word once, N = N drawn")
                .build();
    }

    /** M and the sizes of the drawn train, validation and test sets. */
    static ConfigSchema sampled(int min, String evenBecause, int trainSize) {
        return sampledBuilder(min, evenBecause, trainSize).build();
    }

    /** The same, open for keys of one language's own. */
    static ConfigSchema.Builder sampledBuilder(int min, String evenBecause, int trainSize) {
        return maxLength(min, evenBecause)
                .integer("trainSize", trainSize, 1, 10_000_000, "training sequences drawn")
                .integer("validationSize", 512, 1, 10_000_000, "validation sequences drawn")
                .integer("testSize", 512, 1, 10_000_000, "test sequences drawn");
    }

    static SampledLanguage.Sizes sizes(Config c) {
        return new SampledLanguage.Sizes(c.getInt("trainSize"), c.getInt("validationSize"), c.getInt("testSize"));
    }

    static int maxLength(Config c) {
        return c.getInt(MAX_LENGTH);
    }

    private static ConfigSchema.Builder maxLength(int min, String evenBecause) {
        ConfigSchema.Builder b = ConfigSchema.builder()
                .integer(MAX_LENGTH, DEFAULT_MAX_LENGTH, min, LONGEST, "longest word M");
        if (evenBecause != null) {
            b.check(c -> c.getInt(MAX_LENGTH) % 2 == 0 ? List.of()
                    : List.of(MAX_LENGTH + " = " + c.getInt(MAX_LENGTH) + " must be even (" + evenBecause + ")"));
        }
        return b;
    }
}
