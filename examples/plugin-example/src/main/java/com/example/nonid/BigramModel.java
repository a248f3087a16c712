package com.example.nonid;

import java.util.SplittableRandom;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.nn.Dropout;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;
import org.nonid.nn.PrefixDecoder;

/**
 * A bigram model on the platform's neural-network kit: a table of vocabulary x vocabulary logits,
 * the row of the current token giving the next token's logits. The kit's graph gives the gradients,
 * the backend the arithmetic, {@link PrefixDecoder} the incremental decoding.
 */
final class BigramModel extends ModelBase {
    private final Parameter table;

    BigramModel(ModelContext context, Config hyperparameters) {
        super(BigramFamily.NAME, context, hyperparameters, 0f);
        int v = context.vocabularySize();
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        this.table = params().create("logits", Init.normal(random, v * v, hyperparameters.getDouble("initScale")), v, v);
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout dropout) {
        int v = vocabularySize();
        return g.embedding(g.parameter(table, v, v), batch.inputs(), 1f);
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new PrefixDecoder(this, batchSize, capacity);
    }
}
