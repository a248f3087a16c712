package org.nonid.model.lstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.nn.Dropout;
import org.nonid.nn.Embedding;
import org.nonid.nn.Graph;
import org.nonid.nn.Linear;
import org.nonid.nn.LstmState;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;

/** Embedding, stacked LSTM layers, dropout on the last layer's output, linear head. */
final class LstmModel extends ModelBase {
    private final LstmSettings s;
    private final Embedding embedding;
    private final List<LstmLayer> layers = new ArrayList<>();
    private final Linear head;

    LstmModel(ModelContext context, Config hyperparameters) {
        super("lstm", context, hyperparameters, (float) hyperparameters.getDouble("dropout"));
        this.s = LstmSettings.of(hyperparameters);
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        this.embedding = new Embedding(params(), "embedding", context.vocabularySize(), s.embedding(), random);
        for (int i = 0; i < s.layers(); i++) {
            layers.add(new LstmLayer(params(), "layers." + i, i == 0 ? s.embedding() : s.hidden(), s.hidden(), random));
        }
        this.head = Linear.create(params(), "head", s.hidden(), context.vocabularySize(), true, random);
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout drop) {
        // the stack runs on time steps' rows (each step's rows together), the rest on sequences'
        Node x = g.transposeSequences(embedding.apply(g, batch.inputs(), 1f), batch.batch(), batch.length());
        for (LstmLayer layer : layers) {
            x = layer.apply(g, x, batch.batch(), batch.length());
        }
        return head.apply(g, drop.apply(g, g.transposeSequences(x, batch.length(), batch.batch())));
    }

    /** One decoding step: the log-probabilities after {@code tokens}, updating the carried states. */
    Node step(Graph g, int[] tokens, List<LstmState> states) {
        Node x = embedding.apply(g, tokens, 1f);
        for (int i = 0; i < layers.size(); i++) {
            LstmState next = layers.get(i).step(g, x, states.get(i));
            states.set(i, next);
            x = next.h();
        }
        return g.logSoftmax(head.apply(g, x));
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new LstmDecoder(this, batchSize, capacity);
    }

    LstmSettings settings() {
        return s;
    }
}
