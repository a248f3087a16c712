package org.nonid.model.constructed;

import org.nonid.api.config.Config;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.model.ModelContext;
import org.nonid.nn.distribution.ExactModel;
import org.nonid.nn.distribution.SupportTrie;

/**
 * The Bayes-optimal predictor of a language with a finite support: on every prefix of a word, the
 * data's exact conditional; after any other prefix, the chosen {@link OffSupport} behaviour. With
 * {@code icl=marginal}, in-context queries are answered with the answer averaged over tasks.
 */
final class ConstructedModel extends ExactModel {
    private final SupportTrie trie;
    private final OffSupport offSupport;
    private final IclQueries marginal;

    ConstructedModel(FormalLanguage language, ModelContext context, Config hyperparameters, OffSupport offSupport,
                     IclQueries marginal) {
        super("constructed", hyperparameters, context.backend(), language.vocabulary().size(),
                context.maxSequenceLength());
        this.trie = new SupportTrie(language.support().orElseThrow(() -> new IllegalArgumentException(
                "a constructed model is the Bayes-optimal predictor of a finite support, and the support of "
                        + language.name() + " is not finite (aNbN, aNbNcN, aNbNaN and icl have one)")),
                language.vocabulary().size());
        this.offSupport = offSupport;
        this.marginal = marginal;
    }

    @Override
    protected double[] nextAfterSymbols(int[] symbols, int length) {
        if (marginal != null) {
            var query = marginal.withoutDemonstrations(symbols, length);
            if (query.isPresent()) {
                var answer = trie.next(query.get(), 0, query.get().length);
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
        }
        return trie.next(symbols, 0, length).orElseGet(() -> offSupport.next(symbols, length, vocabularySize()));
    }
}
