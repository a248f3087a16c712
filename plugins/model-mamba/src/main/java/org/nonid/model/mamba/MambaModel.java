package org.nonid.model.mamba;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.Tensor;
import org.nonid.api.config.Config;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.nn.ConvWindow;
import org.nonid.nn.Dropout;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;

/** Embedding, residual Mamba blocks, a final RMSNorm and a head tied to the embedding. */
final class MambaModel extends ModelBase {
    private final MambaSettings s;
    private final Parameter embedding;
    private final List<MambaBlock> blocks = new ArrayList<>();
    private final Parameter finalNorm;

    MambaModel(ModelContext context, Config hyperparameters) {
        super("mamba", context, hyperparameters, 0f);
        this.s = MambaSettings.of(hyperparameters);
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        int v = context.vocabularySize();
        this.embedding = params().create("embedding", Init.normal(random, v * s.dModel(), 1.0), v, s.dModel());
        for (int i = 0; i < s.layers(); i++) {
            blocks.add(new MambaBlock(params(), "layers." + i, s, random));
        }
        this.finalNorm = params().create("finalNorm", Init.constant(s.dModel(), 1f), s.dModel());
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout drop) {
        Node table = g.parameter(embedding, vocabularySize(), s.dModel());
        Node x = g.embedding(table, batch.inputs(), 1f);
        for (MambaBlock block : blocks) {
            x = block.apply(g, x, batch.batch(), batch.length());
        }
        return g.linearTransposed(g.rmsNorm(x, g.parameter(finalNorm), s.normEps()), table);
    }

    /** One decoding step through the carried windows and scan states. */
    Node step(Graph g, int[] tokens, List<ConvWindow> windows, List<Tensor> carries) {
        Node table = g.parameter(embedding, vocabularySize(), s.dModel());
        Node x = g.embedding(table, tokens, 1f);
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).step(g, x, windows.get(i), carries.get(i));
        }
        return g.logSoftmax(g.linearTransposed(g.rmsNorm(x, g.parameter(finalNorm), s.normEps()), table));
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new MambaDecoder(this, batchSize, capacity);
    }

    MambaSettings settings() {
        return s;
    }
}
