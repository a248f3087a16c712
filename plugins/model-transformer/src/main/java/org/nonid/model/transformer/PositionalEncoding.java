package org.nonid.model.transformer;

import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/** Adds position information to token embeddings: nothing, a sinusoidal table, or a learned table. */
final class PositionalEncoding implements AutoCloseable {
    private final String kind;
    private final int maxPositions;
    private final int width;
    private final Tensor sinusoidal;
    private final Parameter learned;
    private final ComputeBackend backend;

    PositionalEncoding(Parameters ps, String kind, int maxPositions, int width, SplittableRandom random) {
        this.kind = kind;
        this.maxPositions = maxPositions;
        this.width = width;
        this.backend = ps.backend();
        this.sinusoidal = kind.equals("sinusoidal") ? backend.upload(table(maxPositions, width), maxPositions, width) : null;
        this.learned = kind.equals("learned")
                ? ps.create("positional.weight", Init.normal(random, maxPositions * width, 0.02), maxPositions, width)
                : null;
    }

    /** The standard table: sin at even and cos at odd features, wavelengths up to 10000 * 2 pi. */
    static float[] table(int positions, int width) {
        float[] t = new float[positions * width];
        for (int pos = 0; pos < positions; pos++) {
            for (int i = 0; i < width; i += 2) {
                double angle = pos * Math.exp(-Math.log(10000.0) * i / width);
                t[pos * width + i] = (float) Math.sin(angle);
                if (i + 1 < width) {
                    t[pos * width + i + 1] = (float) Math.cos(angle);
                }
            }
        }
        return t;
    }

    /** x plus the encodings of the given positions (one per row of x). */
    Node apply(Graph g, Node x, int[] positions) {
        if (kind.equals("none")) {
            return x;
        }
        for (int p : positions) {
            if (p >= maxPositions) {
                throw new IllegalArgumentException("position " + p + " beyond the " + maxPositions
                        + " positions this model's " + kind + " encoding was built for");
            }
        }
        Node table = sinusoidal != null ? g.constant(sinusoidal, maxPositions, width) : g.parameter(learned, maxPositions, width);
        return g.add(x, g.embedding(table, positions, 1f));
    }

    @Override
    public void close() {
        if (sinusoidal != null) {
            backend.release(sinusoidal);
        }
    }
}
