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

    /** {@code apply(relu(layer(x)))}, fused where the backend can (see {@link Graph#linearReluDropout}). */
    public Node applyAfterRelu(Graph g, Linear layer, Node x) {
        float p = Math.max(rate, 0f);
        return layer.applyReluDropout(g, x, p, p > 0f ? nextSeed() : 0L);
    }

    private long nextSeed() {
        return Seeds.mix(seed + (uses++) * 0x632BE59BD9B4E019L);
    }
}
