package org.nonid.nn.distribution;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model whose next-token distribution is known in closed form, in double precision, with exact
 * zeros ({@code -Infinity}) where a token cannot follow. Divergences and enumerations use it instead
 * of the float decoder, so exact results stay exact.
 */
@ConsumerType
public interface ExactPredictor {

    /**
     * The log-probabilities of the next token after a prefix.
     *
     * @param prefix the tokens fed so far, starting with SOS
     * @return one value per token id
     */
    double[] nextLogProbabilities(int[] prefix);
}
