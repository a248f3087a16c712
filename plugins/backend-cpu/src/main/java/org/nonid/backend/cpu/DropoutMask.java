package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.random.Seeds;

/**
 * The inverted-dropout mask of one seed, element by element: {@code 1/(1-p)} where
 * {@link Seeds#uniform}{@code (seed, i) >= p}, else 0. Computed from the element's index alone, so
 * any range of it can be made anywhere (in a kernel's epilogue, on any thread) without storing it.
 */
final class DropoutMask {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Whether {@link #at} is available: int and float vectors have the same number of lanes. */
    static final boolean VECTORISED = I.length() == S.length();

    private final float p;
    private final long seed;
    private final int key;
    private final int threshold;
    private final FloatVector keepV;
    private final FloatVector zero = FloatVector.zero(S);
    private final IntVector lanes = IntVector.zero(I).addIndex(1);
    private final float keep;

    DropoutMask(float p, long seed) {
        this.p = p;
        this.seed = seed;
        this.keep = 1f / (1f - p);
        this.key = Seeds.seedKey(seed);
        this.threshold = (int) Math.ceil(p * (1 << 24));
        this.keepV = FloatVector.broadcast(S, keep);
    }

    /** Writes the mask at elements [i, i + lanes) to {@code out[at, at + lanes)}. */
    void write(float[] out, int at, int i) {
        IntVector h = lanes.add(i).mul(0x9E3779B9).add(key);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16)).mul(0x7FEB352D);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 15)).mul(0x846CA68B);
        h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
        IntVector bits = h.lanewise(VectorOperators.LSHR, 8);
        zero.blend(keepV, bits.compare(VectorOperators.GE, threshold).cast(S)).intoArray(out, at);
    }

    /** The mask at element i. */
    float scalarAt(int i) {
        return Seeds.uniform(seed, i) >= p ? keep : 0f;
    }
}
