package org.nonid.model.transformer;

import org.nonid.api.random.Seeds;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;

/** Dropout with a fresh, reproducible mask at every use: seeds come from a counter and the run seed. */
final class Dropout {
    static final Dropout NONE = new Dropout(0f, 0L);

    private final float rate;
    private final long seed;
    private long uses;

    Dropout(float rate, long seed) {
        this.rate = rate;
        this.seed = seed;
    }

    Node apply(Graph g, Node x) {
        if (rate <= 0f) {
            return x;
        }
        return g.dropout(x, rate, Seeds.mix(seed + (uses++) * 0x632BE59BD9B4E019L));
    }
}
