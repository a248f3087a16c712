package org.nonid.nn;

import java.util.SplittableRandom;
import org.nonid.api.model.Parameter;

/** A table of rows looked up by id, initially standard normal. */
public final class Embedding {
    private final Parameter table;
    private final int count;
    private final int width;

    public Embedding(Parameters ps, String name, int count, int width, SplittableRandom random) {
        this.table = ps.create(name + ".weight", Init.normal(random, count * width, 1.0), count, width);
        this.count = count;
        this.width = width;
    }

    /** {@code scale * table[ids[i]]} for each id. */
    public Node apply(Graph g, int[] ids, float scale) {
        return g.embedding(g.parameter(table, count, width), ids, scale);
    }

    public Parameter table() {
        return table;
    }

    public int width() {
        return width;
    }
}
