package org.nonid.backend.cpu;

/** The lanes' pairwise sum as {@code VectorMath.sumLanes} states it, in scalar code: the tests' reference order. */
final class ScalarLaneTree {
    private ScalarLaneTree() {
    }

    /** Lane 0 after adding to each of the L lanes at {@code at} the lane L/2, L/4, ..., 1 places on (cyclically). */
    static float sum(float[] lanes, int at, int width) {
        float[] w = new float[width];
        System.arraycopy(lanes, at, w, 0, width);
        for (int stride = width / 2; stride >= 1; stride /= 2) {
            float[] next = new float[width];
            for (int l = 0; l < width; l++) {
                next[l] = w[l] + w[(l + stride) % width];
            }
            w = next;
        }
        return w[0];
    }
}
