package org.nonid.model.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;
import org.nonid.api.config.Config;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;
import org.nonid.nn.Dropout;
import org.nonid.nn.Embedding;
import org.nonid.nn.Graph;
import org.nonid.nn.Linear;
import org.nonid.nn.ModelBase;
import org.nonid.nn.Node;

/**
 * The causal Transformer: token embedding times sqrt(d), optional positional encoding,
 * post-LayerNorm encoder layers with a causal mask, and a linear head.
 */
final class TransformerModel extends ModelBase {
    private final TransformerSettings s;
    private final Embedding embedding;
    private final PositionalEncoding positional;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Linear head;
    private final float embeddingScale;

    TransformerModel(ModelContext context, Config hyperparameters) {
        super("transformer", context, hyperparameters, (float) hyperparameters.getDouble("dropout"));
        this.s = TransformerSettings.of(hyperparameters);
        SplittableRandom random = Seeds.stream(context.seed(), "weights");
        int d = s.dModel();
        this.embedding = new Embedding(params(), "embedding", context.vocabularySize(), d, random);
        this.positional = new PositionalEncoding(params(), s.positional(), context.maxSequenceLength(), d, random);
        long layerSeed = random.nextLong();
        for (int i = 0; i < s.layers(); i++) {
            SplittableRandom layerRandom = new SplittableRandom(s.cloneLayers() ? layerSeed : layerSeed + i * 0x9E3779B97F4A7C15L);
            layers.add(new TransformerLayer(params(), "layers." + i, s, layerRandom));
        }
        this.head = Linear.create(params(), "head", d, context.vocabularySize(), true, random);
        this.embeddingScale = (float) Math.sqrt(d);
    }

    @Override
    public int maxSequenceLength() {
        return s.positional().equals("none") ? Integer.MAX_VALUE : context().maxSequenceLength();
    }

    @Override
    public Node logits(Graph g, TokenBatch batch, Dropout drop) {
        int[] inputs = batch.inputs();
        AttentionShape shape = new AttentionShape(batch.batch(), batch.length(), s.heads(), s.headDim());
        int[] positions = new int[inputs.length];
        boolean[] padding = s.maskPadKeys() ? new boolean[inputs.length] : null;
        for (int i = 0; i < inputs.length; i++) {
            positions[i] = i % batch.length();
            if (padding != null) {
                padding[i] = inputs[i] == Vocabulary.PAD;
            }
        }
        Node x = positional.apply(g, embedding.apply(g, inputs, embeddingScale), positions);
        x = drop.apply(g, x);
        for (TransformerLayer layer : layers) {
            x = layer.apply(g, x, shape, padding, drop);
        }
        return head.apply(g, x);
    }

    @Override
    public Decoder decoder(int batchSize, int capacity) {
        if (!s.positional().equals("none") && capacity > context().maxSequenceLength()) {
            throw new IllegalArgumentException("decoder capacity " + capacity + " exceeds the " + context().maxSequenceLength()
                    + " positions of this model's " + s.positional() + " encoding");
        }
        return new TransformerDecoder(this, batchSize, capacity);
    }

    /** One decoding step: tokens at {@code position}, attending through the caches. */
    Node step(Graph g, int[] tokens, int position, List<Tensor[]> caches, AttentionShape cacheShape) {
        int[] positions = new int[tokens.length];
        java.util.Arrays.fill(positions, position);
        Node x = positional.apply(g, embedding.apply(g, tokens, embeddingScale), positions);
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).step(g, x, caches.get(i)[0], caches.get(i)[1], position, cacheShape);
        }
        return g.logSoftmax(head.apply(g, x));
    }

    TransformerSettings settings() {
        return s;
    }

    int layerCount() {
        return layers.size();
    }

    @Override
    public void close() {
        positional.close();
        super.close();
    }
}
