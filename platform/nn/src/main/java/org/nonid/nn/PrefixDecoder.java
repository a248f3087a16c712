package org.nonid.nn;

import java.util.Arrays;
import org.nonid.api.model.TokenBatch;

/**
 * A decoder that keeps the tokens fed so far and runs the whole prefix at each step: right for
 * models without a cheap incremental state (the position-wise linear model), quadratic in length.
 */
public final class PrefixDecoder extends StepDecoder {
    private final ModelBase model;
    private final int[][] history;

    public PrefixDecoder(ModelBase model, int batchSize, int capacity) {
        super(batchSize, capacity);
        this.model = model;
        this.history = new int[batchSize][capacity];
    }

    @Override
    protected float[] advance(int[] tokens, int position) {
        int length = position + 1;
        int batch = tokens.length;
        int[] inputs = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            history[b][position] = tokens[b];
            System.arraycopy(history[b], 0, inputs, b * length, length);
        }
        int vocab = model.vocabularySize();
        float[] out = new float[batch * vocab];
        try (Graph g = new Graph(model.backend(), false)) {
            TokenBatch prefix = new TokenBatch(batch, length, inputs, new int[inputs.length], new float[inputs.length]);
            Node last = g.timeStep(model.logits(g, prefix, Dropout.NONE), batch, length, position);
            float[] logProbs = model.backend().download(g.logSoftmax(last).value());
            System.arraycopy(logProbs, 0, out, 0, out.length);
        }
        return out;
    }

    @Override
    protected void release() {
        for (int[] row : history) {
            Arrays.fill(row, 0);
        }
    }
}
