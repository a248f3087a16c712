package org.nonid.model.linear;

import java.util.SplittableRandom;
import org.nonid.api.compute.Tensor;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.nn.Dropout;
import org.nonid.nn.Embedding;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;
import org.nonid.nn.PrefixDecoder;

/**
 * A causal linear autoregressive model: {@code logits[t] = b[t] + sum_(s <= t) e(x_s) W[s, t]} with a
 * weight matrix {@code W[s, t]} of {@code embedding x vocabulary} for every pair of positions
 * {@code s <= t} (those with {@code s > t} are masked to zero, so they neither act nor learn).
 */
final class LinearModel extends ModelBase {
    private final LinearSettings s;
    private final int positions;
    private final Embedding embedding;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor causalMask;

    LinearModel(ModelContext context, Config hyperparameters) {
        super("linear", context, hyperparameters, 0f);
        this.s = LinearSettings.of(hyperparameters);
        this.positions = context.maxSequenceLength();
        int e = s.embedding();
        int v = context.vocabularySize();
        long size = (long) positions * e * positions * v;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("linear model of " + positions + " positions, embedding " + e
                    + " and " + v + " tokens needs " + size + " weights, more than one tensor holds");
        }
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        this.embedding = new Embedding(params(), "embedding", v, e, random);
        this.weight = params().create("weight", Init.xavierUniform(random, positions * e, positions * v),
                positions * e, positions * v);
        this.bias = s.bias() ? params().create("bias", new float[positions * v], positions * v) : null;
        float[] mask = new float[positions * e * positions * v];
        for (int from = 0; from < positions; from++) {
            for (int w = 0; w < e; w++) {
                int row = (from * e + w) * positions * v;
                java.util.Arrays.fill(mask, row + from * v, row + positions * v, 1f);
            }
        }
        this.causalMask = context.backend().upload(mask, positions * e, positions * v);
    }

    @Override
    public int maxSequenceLength() {
        return positions;
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout drop) {
        int length = batch.length();
        if (length > positions) {
            throw new IllegalArgumentException("a sequence of " + length + " positions is longer than the " + positions
                    + " positions of this linear model");
        }
        int e = s.embedding();
        int v = vocabularySize();
        Node x = g.reshape(embedding.apply(g, batch.inputs(), 1f), batch.batch(), length * e);
        Node masked = g.multiply(g.parameter(weight, positions * e, positions * v),
                g.constant(causalMask, positions * e, positions * v));
        Node y = g.linear(x, g.subMatrix(masked, 0, 0, length * e, length * v), null);
        if (bias != null) {
            y = g.addRowVector(y, g.columns(g.parameter(bias), 0, length * v));
        }
        return g.reshape(y, batch.batch() * length, v);
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        if (capacity > positions) {
            throw new IllegalArgumentException("decoder capacity " + capacity + " exceeds the " + positions
                    + " positions of this linear model");
        }
        return new PrefixDecoder(this, batchSize, capacity);
    }

    @Override
    public void close() {
        backend().release(causalMask);
        super.close();
    }
}
