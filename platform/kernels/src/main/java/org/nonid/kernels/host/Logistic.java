package org.nonid.kernels.host;

/** The logistic function of the host kernels, in double precision, rounded to float once. */
final class Logistic {
    private Logistic() {
    }

    /**
     * {@code 1 / (1 + e^-x)} for {@code x >= 0} and {@code e^x / (1 + e^x)} below: each form's
     * exponential is at most 1, so neither overflows. Both are {@code e^-|x|}, computed once.
     */
    static float sigmoid(float x) {
        double e = Math.exp(-Math.abs(x));
        return (float) ((x >= 0 ? 1.0 : e) / (1.0 + e));
    }
}
