package org.nonid.model.constructed;

import java.util.Optional;
import org.nonid.api.language.FormalLanguage;

/**
 * In-context queries of a language that marks in-context sequences with {@code >} and queries with
 * {@code ?} (the icl task family: {@code > x y x y ... ? x} asks for the answer). The marginal
 * predictor answers a query as if no demonstration had been given: with the data's conditional after
 * {@code > ? x}, the answer averaged over tasks; the position after the answer likewise.
 */
final class IclQueries {
    static final String CONTEXT = ">";
    static final String QUERY = "?";

    private final int context;
    private final int query;

    private IclQueries(int context, int query) {
        this.context = context;
        this.query = query;
    }

    static IclQueries of(FormalLanguage language) {
        var symbols = language.vocabulary().symbols();
        if (!symbols.contains(QUERY) || !symbols.contains(CONTEXT)) {
            throw new IllegalArgumentException("icl=marginal answers in-context queries, which " + language.name()
                    + " does not have (no '" + CONTEXT + "' and '" + QUERY + "' symbols); use it with the icl language");
        }
        return new IclQueries(language.vocabulary().id(CONTEXT), language.vocabulary().id(QUERY));
    }

    /**
     * Inside a query of an in-context sequence ({@code > ... ? x} or {@code > ... ? x y}), the same
     * query without its demonstrations ({@code > ? x} or {@code > ? x y}); empty elsewhere.
     */
    Optional<int[]> withoutDemonstrations(int[] symbols, int length) {
        if (length == 0 || symbols[0] != context) {
            return Optional.empty();
        }
        for (int tail = 2; tail <= 3; tail++) {
            int start = length - tail;
            if (start >= 1 && symbols[start] == query) {
                int[] out = new int[1 + tail];
                out[0] = context;
                System.arraycopy(symbols, start, out, 1, tail);
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }
}
