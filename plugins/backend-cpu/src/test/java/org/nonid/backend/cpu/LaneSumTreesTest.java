package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A vector's lane sum is a fixed tree of rotations ({@link ScalarLaneTree}); several trees
 * summed side by side in one vector give each tree's sum to the bit (values of very different
 * magnitudes, so that any other order of the additions shows).
 */
class LaneSumTreesTest {
    private static final int L = Gemm.S.length();

    @Test
    void treesSideBySideEqualTheTreeOfEachVector() {
        assertEquals(L == 16, VectorMath.SIDE_BY_SIDE);
        SplittableRandom r = new SplittableRandom(5);
        float[] sums = new float[4];
        for (int trial = 0; trial < 2000; trial++) {
            float[] lanes = new float[4 * L];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(-12, 13)));
            }
            float[] expected = new float[4];
            for (int v = 0; v < 4; v++) {
                expected[v] = ScalarLaneTree.sum(lanes, v * L, L);
                assertEquals(expected[v], VectorMath.sumLanes(lanes.clone(), v * L), 0f, "sumLanes, trial " + trial);
            }
            if (VectorMath.SIDE_BY_SIDE) {
                VectorMath.sumLanesTwo(lanes.clone(), 0, sums, 0);
                assertEquals(expected[0], sums[0], 0f, "two, first, trial " + trial);
                assertEquals(expected[1], sums[1], 0f, "two, second, trial " + trial);
                VectorMath.sumLanesFour(lanes.clone(), 0, sums, 0);
                for (int v = 0; v < 4; v++) {
                    assertEquals(expected[v], sums[v], 0f, "four, vector " + v + ", trial " + trial);
                }
            }
        }
    }
}
