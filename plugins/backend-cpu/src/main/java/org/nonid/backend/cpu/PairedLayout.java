package org.nonid.backend.cpu;

import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The paired layout of a head's keys or values, for heads of 8 features on 16-lane vectors: each
 * block of 16 keys is 8 vectors, vector r holding key r's 8 features in its low half and key
 * r + 8's in its high half. A query row's weighted sum over keys then takes, for vector r, the
 * row's weights of keys r and r + 8 spread over the halves: the lanes of vector r accumulate
 * exactly what lanes r and r + 8 of one accumulator per feature accumulate, and adding the halves,
 * then vectors r + 4, r + 2 and r + 1, is that accumulator's pairwise tree of lanes for all eight
 * features at once.
 */
final class PairedLayout {
    static final int HEAD = 8;

    private PairedLayout() {
    }

    static boolean applies(int headDim, int lanes) {
        return headDim == HEAD && lanes == 2 * HEAD;
    }

    /** Where key t's features start: its block of 16, then its vector (t mod 8), then its half. */
    static int row(int t, int lanes) {
        int inBlock = t % lanes;
        return t / lanes * HEAD * lanes + inBlock % HEAD * lanes + inBlock / HEAD * HEAD;
    }

    /** Lane m takes lane r of m's half; null where the species is not 16 lanes wide. */
    static VectorShuffle<Float> lane(VectorSpecies<Float> species, int r) {
        return species.length() == 2 * HEAD ? VectorShuffle.fromOp(species, m -> m / HEAD * HEAD + r) : null;
    }

    /** The halves swapped; null where the species is not 16 lanes wide. */
    static VectorShuffle<Float> halves(VectorSpecies<Float> species) {
        return species.length() == 2 * HEAD ? VectorShuffle.fromOp(species, m -> (m + HEAD) % (2 * HEAD)) : null;
    }
}
