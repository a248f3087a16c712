package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector functions built from exactly specified lane operations only (add, multiply, shifts,
 * lane moves), so that they give the same bits whether the JIT has compiled the caller or not.
 * The Vector API's own {@code reduceLanes(ADD)} and {@code lanewise(EXP)} do not: the compiled
 * intrinsics sum in another order and use another exp than the interpreted fallback, which made
 * runs with the same seed differ in the last bits (and then everywhere).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Ints of the same shape, named here rather than looked up by {@code reinterpretAsInts()} as
     * it runs (a lookup the JIT may not fold to a constant; with this alone, fewer Mamba runs were
     * slow, not none).
     */
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(S.vectorShape());
    // Rotations by 8, 4, 2 and 1 lanes (those the species is wide enough for), as constants so
    // that the JIT compiles each rearrange to one permute instruction.
    private static final VectorShuffle<Float> BY8 = rotation(8);
    private static final VectorShuffle<Float> BY4 = rotation(4);
    private static final VectorShuffle<Float> BY2 = rotation(2);
    private static final VectorShuffle<Float> BY1 = rotation(1);
    /**
     * For 16 lanes: trees of several vectors summed side by side ({@link #sumLanesTwo},
     * {@link #sumLanesFour}). Lane i's partner i ^ 4, i ^ 2, i ^ 1 is lane 0's partner under the
     * rotations by 4, 2, 1 as seen from the start of each group of 8 (or 4) lanes, so each group
     * adds the same pairs in the same order as {@link #sumLanes}.
     */
    static final boolean SIDE_BY_SIDE = S.length() == 16;
    private static final VectorShuffle<Float> XOR4 = SIDE_BY_SIDE ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> XOR2 = SIDE_BY_SIDE ? VectorShuffle.fromOp(S, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> XOR1 = SIDE_BY_SIDE ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;
    /** Lanes 8-15, and the lanes whose index has bit 2 set. */
    private static final VectorMask<Float> UPPER_EIGHT = VectorMask.fromLong(S, 0xFF00L);
    private static final VectorMask<Float> BIT_FOUR = VectorMask.fromLong(S, 0xF0F0L);

    private VectorMath() {
    }

    private static VectorShuffle<Float> rotation(int lanes) {
        return S.length() > lanes ? VectorShuffle.fromOp(S, i -> (i + lanes) % S.length()) : null;
    }

    /**
     * The sum of the {@code S.length()} floats at {@code at}, as a fixed pairwise tree of lane
     * rotations. Callers store their accumulator there first: a method taking the vector itself,
     * left out of line by the JIT in a large caller, has it boxed on the heap at every call.
     */
    static float sumLanes(float[] lanes, int at) {
        FloatVector v = FloatVector.fromArray(S, lanes, at);
        if (BY8 != null) {
            v = v.add(v.rearrange(BY8));
        }
        if (BY4 != null) {
            v = v.add(v.rearrange(BY4));
        }
        if (BY2 != null) {
            v = v.add(v.rearrange(BY2));
        }
        if (BY1 != null) {
            v = v.add(v.rearrange(BY1));
        }
        return v.lane(0);
    }

    /**
     * {@code sums[sumsAt + r] = sumLanes(lanes, at + r * 16)} for r = 0, 1: the two trees in one
     * vector (16 lanes only, {@link #SIDE_BY_SIDE}); overwrites the first vector at {@code at}.
     */
    static void sumLanesTwo(float[] lanes, int at, float[] sums, int sumsAt) {
        // the first step: the first tree's in lanes 0-7, the second's in 8-15
        FloatVector a = FloatVector.fromArray(S, lanes, at);
        FloatVector b = FloatVector.fromArray(S, lanes, at + 16);
        FloatVector v = a.blend(b.rearrange(BY8), UPPER_EIGHT).add(a.rearrange(BY8).blend(b, UPPER_EIGHT));
        v = v.add(v.rearrange(XOR4));
        v = v.add(v.rearrange(XOR2));
        v = v.add(v.rearrange(XOR1));
        v.intoArray(lanes, at);
        sums[sumsAt] = lanes[at];
        sums[sumsAt + 1] = lanes[at + 8];
    }

    /**
     * {@code sums[sumsAt + r] = sumLanes(lanes, at + r * 16)} for r = 0..3: the four trees in one
     * vector (16 lanes only, {@link #SIDE_BY_SIDE}); overwrites the first vector at {@code at}.
     */
    static void sumLanesFour(float[] lanes, int at, float[] sums, int sumsAt) {
        FloatVector a = FloatVector.fromArray(S, lanes, at);
        FloatVector b = FloatVector.fromArray(S, lanes, at + 16);
        FloatVector c = FloatVector.fromArray(S, lanes, at + 32);
        FloatVector d = FloatVector.fromArray(S, lanes, at + 48);
        // the first step: a's tree in lanes 0-7 of first, b's in 8-15; c's and d's so in second
        FloatVector first = a.blend(b.rearrange(BY8), UPPER_EIGHT).add(a.rearrange(BY8).blend(b, UPPER_EIGHT));
        FloatVector second = c.blend(d.rearrange(BY8), UPPER_EIGHT).add(c.rearrange(BY8).blend(d, UPPER_EIGHT));
        // quarters: lanes 0-3 and 8-11 the first two trees', 4-7 and 12-15 the last two's
        FloatVector v = first.blend(second.rearrange(XOR4), BIT_FOUR).add(first.rearrange(XOR4).blend(second, BIT_FOUR));
        v = v.add(v.rearrange(XOR2));
        v = v.add(v.rearrange(XOR1));
        v.intoArray(lanes, at);
        sums[sumsAt] = lanes[at];
        sums[sumsAt + 1] = lanes[at + 8];
        sums[sumsAt + 2] = lanes[at + 4];
        sums[sumsAt + 3] = lanes[at + 12];
    }

    /**
     * {@code 0 + a[at] + a[at + 1] + ...} over a vector's length, in lane order: the order of
     * {@code reduceLanes(ADD)}'s fallback, and the sums the Mamba scan's {@code reduceLanes} gave in
     * this code's runs (every Mamba size trains the same parameters to the bit with this as with
     * it), without the fallback's cost, which some compilations of a large kernel ran (the Mamba
     * step twice as slow in some runs).
     */
    static float orderedSumLanes(float[] a, int at) {
        float sum = 0f;
        for (int l = 0; l < S.length(); l++) {
            sum += a[at + l];
        }
        return sum;
    }

    /** The largest of the {@code S.length()} floats at {@code at} (as {@code reduceLanes(MAX)}: the order does not matter). */
    static float maxLanes(float[] lanes, int at) {
        FloatVector v = FloatVector.fromArray(S, lanes, at);
        if (BY8 != null) {
            v = v.max(v.rearrange(BY8));
        }
        if (BY4 != null) {
            v = v.max(v.rearrange(BY4));
        }
        if (BY2 != null) {
            v = v.max(v.rearrange(BY2));
        }
        if (BY1 != null) {
            v = v.max(v.rearrange(BY1));
        }
        return v.lane(0);
    }

    /**
     * {@code a[i] = e^a[i]} for i in {@code [from, to)}, a whole number of vectors (relative error
     * below 1e-7; inputs clamped to [-87, 88], so -infinity gives e^-87, about 1.6e-38, where
     * callers that need an exact 0 must mask). Callers store their arguments first: a method
     * taking the vector itself, left out of line by the JIT in a large caller, has it boxed.
     */
    static void expInPlace(float[] a, int from, int to) {
        for (int i = from; i < to; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, a, i).max(-87.0f).min(88.0f);
            // n = round(x / ln 2), found by adding 1.5 * 2^23 (whose bit pattern then holds n)
            FloatVector shifted = x.mul(1.44269504f).add(12582912f);
            FloatVector n = shifted.sub(12582912f);
            FloatVector r = x.sub(n.mul(0.693359375f)).sub(n.mul(-2.12194440e-4f));
            FloatVector p = r.mul(1.9875691500E-4f).add(1.3981999507E-3f);
            p = p.mul(r).add(8.3334519073E-3f);
            p = p.mul(r).add(4.1665795894E-2f);
            p = p.mul(r).add(1.6666665459E-1f);
            p = p.mul(r).add(5.0000001201E-1f);
            p = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = (IntVector) shifted.convertShape(VectorOperators.REINTERPRET_F2I, I, 0);
            p.mul(bits.add(127 - 0x4B400000).lanewise(VectorOperators.LSHL, 23)
                    .convertShape(VectorOperators.REINTERPRET_I2F, S, 0)).intoArray(a, i);
        }
    }
}
