package org.nonid.nn;

import org.nonid.api.random.Seeds;

/** Dropout with a fresh, reproducible mask at every use: seeds come from a counter and the run seed. */
public final class Dropout {
    /** No dropout (evaluation). */
    public static final Dropout NONE = new Dropout(0f, 0L);

    private final float rate;
    private final long seed;
    private long uses;

    public Dropout(float rate, long seed) {
        this.rate = rate;
        this.seed = seed;
    }

    public Node apply(Graph g, Node x) {
        if (rate <= 0f) {
            return x;
        }
        return g.dropout(x, rate, nextSeed());
    }

    /**
     * A feed-forward block {@code second(apply(relu(first(x))))} (fused where the backend can, see
     * {@link Graph#feedForward}).
     */
    public Node feedForward(Graph g, Linear first, Linear second, Node x) {
        float p = Math.max(rate, 0f);
        return g.feedForward(x, first.weightIn(g), first.biasIn(g), second.weightIn(g), second.biasIn(g), p,
                p > 0f ? nextSeed() : 0L);
    }

    private long nextSeed() {
        return Seeds.mix(seed + (uses++) * 0x632BE59BD9B4E019L);
    }
}
