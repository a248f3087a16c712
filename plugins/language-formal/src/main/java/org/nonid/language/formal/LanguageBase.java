package org.nonid.language.formal;

import java.util.List;
import java.util.Optional;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/** What every language here shares: name, vocabulary, M, rules; grammatical means every rule holds. */
abstract class LanguageBase implements FormalLanguage {
    private final String name;
    private final Vocabulary vocabulary;
    private final int maxLength;
    private final List<Rule> rules;
    private final int defaultPromptLength;

    LanguageBase(String name, Vocabulary vocabulary, int maxLength, List<Rule> rules, int defaultPromptLength) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
        this.rules = List.copyOf(rules);
        this.defaultPromptLength = defaultPromptLength;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public boolean isGrammatical(int[] word) {
        for (Rule r : rules) {
            if (!r.test(word)) {
                return false;
            }
        }
        return word.length > 0;
    }

    @Override
    public Optional<List<WeightedWord>> support() {
        return Optional.empty();
    }

    @Override
    public int defaultPromptLength() {
        return defaultPromptLength;
    }

    /** The symbol ids in vocabulary order. */
    int[] symbolIds() {
        int[] ids = new int[vocabulary.symbols().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Vocabulary.PAD + 1 + i;
        }
        return ids;
    }

    int id(String symbol) {
        return vocabulary.id(symbol);
    }
}
