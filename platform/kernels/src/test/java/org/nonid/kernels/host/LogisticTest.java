package org.nonid.kernels.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The logistic function with one exponential gives the two-branch formula's floats, bit for bit. */
class LogisticTest {
    private static float twoBranches(float x) {
        return x >= 0 ? (float) (1.0 / (1.0 + Math.exp(-x))) : (float) (Math.exp(x) / (1.0 + Math.exp(x)));
    }

    @Test
    void equalsTheTwoBranchFormulaToTheBit() {
        SplittableRandom r = new SplittableRandom(11);
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f, 20f, -20f, 88.7f, -88.7f,
            104f, -104f, 1000f, -1000f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY};
        for (float x : special) {
            assertEquals(Float.floatToRawIntBits(twoBranches(x)), Float.floatToRawIntBits(Logistic.sigmoid(x)), "at " + x);
        }
        for (int i = 0; i < 1_000_000; i++) {
            float x = (float) (r.nextGaussian() * (i % 2 == 0 ? 4 : 40));
            assertEquals(Float.floatToRawIntBits(twoBranches(x)), Float.floatToRawIntBits(Logistic.sigmoid(x)), "at " + x);
        }
        assertTrue(Float.isNaN(Logistic.sigmoid(Float.NaN)));
    }
}
