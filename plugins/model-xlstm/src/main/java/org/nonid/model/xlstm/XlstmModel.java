package org.nonid.model.xlstm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
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
import org.nonid.nn.Linear;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;

/** Embedding, a stack of mLSTM and sLSTM blocks, a final LayerNorm and a linear head. */
final class XlstmModel extends ModelBase {
    private final XlstmSettings s;
    private final Embedding embedding;
    private final List<XlstmBlock> blocks = new ArrayList<>();
    private final Parameter finalNorm;
    private final Linear head;

    XlstmModel(ModelContext context, Config hyperparameters) {
        super("xlstm", context, hyperparameters, 0f);
        this.s = XlstmSettings.of(hyperparameters);
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        int d = s.embedding();
        this.embedding = new Embedding(params(), "embedding", context.vocabularySize(), d, random);
        for (int i = 0; i < s.blocks(); i++) {
            String name = "blocks." + i;
            blocks.add(s.slstmAt().contains(i) ? new SlstmBlock(params(), name, s, random)
                    : new MlstmBlock(params(), name, s, random));
        }
        this.finalNorm = params().create("finalNorm", Init.constant(d, 1f), d);
        this.head = Linear.create(params(), "head", d, context.vocabularySize(), false,
                Init.normal(random, d * context.vocabularySize(), Math.sqrt(2.0 / (5 * d))), null);
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout drop) {
        Node x = embedding.apply(g, batch.inputs(), 1f);
        for (int i = 0; i < blocks.size(); i++) {
            XlstmBlock block = blocks.get(i);
            BiFunction<Graph, Node, Node> apply = (graph, in) -> block.apply(graph, in, batch.batch(), batch.length());
            // at P2's sizes each block's activations are made again in the backward pass (one block's live at a
            // time), but the last block's: its backward runs first, with the activations kept from the forward pass
            x = i < blocks.size() - 1 ? g.recomputing(x, apply) : g.scoped(x, apply);
        }
        return head.apply(g, HeadNorm.layerNorm(g, x, finalNorm, s.normEps()));
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        return new XlstmDecoder(this, batchSize, capacity);
    }

    List<XlstmBlock> blocks() {
        return blocks;
    }

    /** One decoding step through the blocks' carried states. */
    Node step(Graph g, int[] tokens, List<XlstmBlock.State> states) {
        Node x = embedding.apply(g, tokens, 1f);
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).step(g, x, states.get(i));
        }
        return g.logSoftmax(head.apply(g, HeadNorm.layerNorm(g, x, finalNorm, s.normEps())));
    }

    @Override
    public void close() {
        for (XlstmBlock block : blocks) {
            block.close();
        }
        super.close();
    }
}
