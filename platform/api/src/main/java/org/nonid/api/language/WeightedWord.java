package org.nonid.api.language;

/**
 * A word of a finite support and its probability under the data distribution.
 *
 * @param word        symbol ids, without SOS or EOS
 * @param probability its probability
 */
public record WeightedWord(int[] word, double probability) {
}
