package org.nonid.kernels.host;

/** The logistic function and its logarithm as the host kernels compute them: in double precision, rounded to float once. */
public final class Logistic {
    private Logistic() {
    }

    /**
     * {@code 1 / (1 + e^-x)} for {@code x >= 0} and {@code e^x / (1 + e^x)} below: each form's
     * exponential is at most 1, so neither overflows. Both are {@code e^-|x|}, computed once.
     */
    public static float sigmoid(float x) {
        double e = Math.exp(-Math.abs(x));
        return (float) ((x >= 0 ? 1.0 : e) / (1.0 + e));
    }

    /**
     * {@code log(sigmoid(x))} without overflow: {@code -log1p(e^-x)}, or {@code x - log1p(e^x)} below 0
     * (as {@link RoundedFunctions#logSigmoid}, which computes these floats without the JDK's log1p).
     */
    public static float logSigmoid(float x) {
        return RoundedFunctions.logSigmoid(x);
    }
}
